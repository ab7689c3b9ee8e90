//! Embedding in another page's iframe (to be filled in: the host page's messages, the theme).

use crate::archive::Config;

/// Starts embed mode.
pub fn start(_config: &Config) {}
