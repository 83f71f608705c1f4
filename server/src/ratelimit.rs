//! Rate limits: a token bucket per caller (an ingest API key). A caller may send `burst` requests
//! at once and `per_second` on average; beyond that the answer is 429 with `Retry-After`.
//! In memory, per server process (several servers on one PostgreSQL each limit on their own).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One caller's bucket.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets by caller.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl RateLimiter {
    pub fn new(per_second: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            per_second: f64::from(per_second.max(1)),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `caller` at `now`: `Ok` when allowed, else how long to wait.
    pub fn check_at(&self, caller: i64, now: Instant) -> Result<(), Duration> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let b = buckets.entry(caller).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(self.burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.per_second))
        }
    }

    pub fn check(&self, caller: i64) -> Result<(), Duration> {
        self.check_at(caller, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate() {
        let l = RateLimiter::new(10, 5);
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(l.check_at(1, t0).is_ok());
        }
        let wait = l.check_at(1, t0).unwrap_err();
        assert!(wait <= Duration::from_millis(100) && wait > Duration::ZERO);
        // Another caller has its own bucket.
        assert!(l.check_at(2, t0).is_ok());
        // After 100 ms one more token.
        assert!(l.check_at(1, t0 + Duration::from_millis(100)).is_ok());
        assert!(l.check_at(1, t0 + Duration::from_millis(100)).is_err());
        // Never more than the burst after a long pause.
        let later = t0 + Duration::from_secs(60);
        for _ in 0..5 {
            assert!(l.check_at(1, later).is_ok());
        }
        assert!(l.check_at(1, later).is_err());
    }
}
