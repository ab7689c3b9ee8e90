//! How the reader runs: as a page in a browser (the default), as a kiosk, or embedded in
//! another page. The configuration (`corpus/config.json`, from `dossier.toml`) and the page's
//! own URL (`?kiosk`, `?embed`, before the `#`) decide; the URL wins.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::Load;
use crate::archive::CatalogHead;
pub use crate::archive::Mode;

/// The mode, shared by the whole reader (a context).
#[derive(Clone, Copy)]
pub struct Settings {
    /// The mode: from the URL at once, and from the configuration (which the catalog's head
    /// carries) when it arrives.
    pub mode: Memo<Mode>,
}

impl Settings {
    /// The mode of this page, given the catalog's head as it loads.
    pub fn new(catalog: RwSignal<Load<Arc<CatalogHead>>>) -> Settings {
        let search = window().location().search().unwrap_or_default();
        let mode = Memo::new(move |_| {
            let kiosk = catalog.with(|c| matches!(c, Load::Ready(head) if head.kiosk));
            Mode::from_url(&search, kiosk)
        });
        Settings { mode }
    }

    /// The shared settings (see [`Settings::new`]).
    pub fn get() -> Settings {
        expect_context::<Settings>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Config, FORMAT_VERSION};

    fn defaults() -> Config {
        Config {
            format_version: FORMAT_VERSION,
            ..Config::default()
        }
    }

    #[test]
    fn the_url_and_the_configuration_set_the_mode() {
        let mut config = defaults();
        assert_eq!(Mode::of("", &config), Mode::default());
        assert_eq!(
            Mode::of("?kiosk", &config),
            Mode {
                kiosk: true,
                embed: false
            }
        );
        assert_eq!(
            Mode::of("?embed=1&x=2", &config),
            Mode {
                kiosk: false,
                embed: true
            }
        );
        assert_eq!(Mode::of("?embed=0", &config), Mode::default());
        config.kiosk.enabled = true;
        assert!(Mode::of("", &config).kiosk);
        assert!(Mode::of("?kiosk=1", &config).kiosk);
        assert!(!Mode::of("?kiosk=0", &config).kiosk);
        assert!(!Mode::of("?kiosk=off&embed", &config).kiosk);
        // the last of a repeated flag counts
        assert!(Mode::of("?kiosk=0&kiosk", &config).kiosk);
        // a longer name is another flag
        assert!(!Mode::of("?kiosks=0", &defaults()).kiosk);
    }
}
