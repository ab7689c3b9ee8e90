//! Components: plain props in, views out. No data access happens here.

pub mod copy_button;
pub mod document_view;
pub mod entity_card;
pub mod entity_panel;
pub mod find_bar;
pub mod metadata_panel;
pub mod rich_text;
pub mod search_box;
pub mod status;
