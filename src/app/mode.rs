//! How the reader runs: as a page in a browser (the default), as a kiosk, or embedded in
//! another page. The configuration (`corpus/config.json`, from `dossier.toml`) and the page's
//! own URL (`?kiosk`, `?embed`, before the `#`) decide; the URL wins.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::load;
pub use crate::archive::Mode;
use crate::archive::{Config, FORMAT_VERSION};

/// The configuration and the mode, shared by the whole reader (a context).
#[derive(Clone, Copy)]
pub struct Settings {
    /// The configuration, once `config.json` has arrived (until then: none).
    pub config: RwSignal<Option<Arc<Config>>>,
    /// The mode: from the URL at once, and from the configuration when it arrives.
    pub mode: Memo<Mode>,
}

impl Settings {
    /// Starts loading the configuration. A configuration that cannot be read leaves the
    /// defaults (the reader as a page) and says why on the console.
    pub fn load() -> Settings {
        let config = RwSignal::new(None::<Arc<Config>>);
        let search = window().location().search().unwrap_or_default();
        let mode = Memo::new(move |_| {
            config.with(|c| match c {
                Some(c) => Mode::of(&search, c),
                None => Mode::of(&search, &defaults()),
            })
        });
        leptos::task::spawn_local(async move {
            let loaded = load::fetch_config().await.unwrap_or_else(|e| {
                web_sys::console::warn_1(&format!("{e}; using the default configuration").into());
                defaults()
            });
            config.set(Some(Arc::new(loaded)));
        });
        Settings { config, mode }
    }

    /// The shared settings (see [`Settings::load`]).
    pub fn get() -> Settings {
        expect_context::<Settings>()
    }
}

fn defaults() -> Config {
    Config {
        format_version: FORMAT_VERSION,
        ..Config::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
