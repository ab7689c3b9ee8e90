//! The idle timer's arithmetic: how long the kiosk has been left alone decides whether it reads
//! on, asks "Still reading?" with a countdown, or returns to the start.

/// Where the idle timer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Someone is using the kiosk.
    Active,
    /// Left alone past the idle time: "Still reading?", with this many seconds left.
    Asking(u32),
    /// The countdown ran out: back to the start.
    Expired,
}

/// The phase after `idle_ms` milliseconds without a touch, for an idle time of `idle_s` and a
/// countdown of `countdown_s` seconds.
pub fn phase(idle_ms: f64, idle_s: u32, countdown_s: u32) -> Phase {
    let idle = f64::from(idle_s) * 1000.0;
    let end = idle + f64::from(countdown_s) * 1000.0;
    if idle_ms < idle {
        Phase::Active
    } else if idle_ms < end {
        // whole seconds left, rounded up: the countdown shows N for the whole of its N-th second
        Phase::Asking(((end - idle_ms) / 1000.0).ceil() as u32)
    } else {
        Phase::Expired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_then_countdown_then_expired() {
        assert_eq!(phase(0.0, 90, 15), Phase::Active);
        assert_eq!(phase(89_999.0, 90, 15), Phase::Active);
        assert_eq!(phase(90_000.0, 90, 15), Phase::Asking(15));
        assert_eq!(phase(90_001.0, 90, 15), Phase::Asking(15));
        assert_eq!(phase(104_000.0, 90, 15), Phase::Asking(1));
        assert_eq!(phase(104_999.0, 90, 15), Phase::Asking(1));
        assert_eq!(phase(105_000.0, 90, 15), Phase::Expired);
        assert_eq!(phase(1e12, 90, 15), Phase::Expired);
    }
}
