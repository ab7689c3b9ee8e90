//! Pages: one per route. Pages own data access and hand plain values to components.

pub mod document;
pub mod entities;
pub mod entity;
pub mod library;
pub mod not_found;
pub mod search;
