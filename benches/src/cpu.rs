//! Process CPU time (every thread: the client's and, in one process, the node's).
#![allow(unsafe_code)]

use std::time::Duration;

/// CPU time used by this process so far, all threads together.
pub fn process_time() -> Duration {
    let mut ts = std::mem::MaybeUninit::<libc::timespec>::uninit();
    // SAFETY: `ts` points to writable memory the size of a timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, ts.as_mut_ptr()) };
    if rc != 0 {
        return Duration::ZERO;
    }
    // SAFETY: clock_gettime succeeded, so it initialised `ts`.
    let ts = unsafe { ts.assume_init() };
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_time_advances_with_work() {
        let start = process_time();
        let mut x = 0u64;
        let begun = std::time::Instant::now();
        while begun.elapsed() < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        assert!(process_time() > start, "{x}");
    }
}
