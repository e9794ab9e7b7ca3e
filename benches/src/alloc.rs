//! A counting global allocator, for allocations per operation and the client's heap
//! high-water mark.
//!
//! Install it in a binary with `#[global_allocator] static A: CountingAlloc = CountingAlloc;`.
//! Counting is off until [`enable`]; threads that call [`exclude_current_thread`] (the
//! embedded node's, see [`crate::node`]) are never counted, so the figures are the client's
//! alone. Blocks are freed on the side that allocated them (the node and the client share
//! nothing but a socket), so the live byte count of counted threads is the client's heap.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::Relaxed};

/// The system allocator, counting calls and bytes of counted threads while enabled.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

static ENABLED: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

thread_local! {
    static EXCLUDED: Cell<bool> = const { Cell::new(false) };
}

#[inline]
fn counted() -> bool {
    ENABLED.load(Relaxed) && !EXCLUDED.try_with(Cell::get).unwrap_or(true)
}

#[inline]
fn on_alloc(size: usize) {
    if !INSTALLED.load(Relaxed) {
        INSTALLED.store(true, Relaxed);
    }
    if counted() {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(size as u64, Relaxed);
        let live = LIVE.fetch_add(size as i64, Relaxed) + size as i64;
        PEAK.fetch_max(live, Relaxed);
    }
}

#[inline]
fn on_free(size: usize) {
    if counted() {
        LIVE.fetch_sub(size as i64, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the bookkeeping only
// touches atomics and a const-initialised thread local without destructor (no allocation).
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            on_alloc(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            on_alloc(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        on_free(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            on_free(layout.size());
            on_alloc(new_size);
        }
        p
    }
}

/// Marks the current thread as not counted (for the embedded node's threads).
pub fn exclude_current_thread() {
    EXCLUDED.with(|e| e.set(true));
}

/// Whether [`CountingAlloc`] is the global allocator of this process (it has seen a call).
pub fn installed() -> bool {
    INSTALLED.load(Relaxed)
}

/// Turns counting on or off.
pub fn enable(on: bool) {
    ENABLED.store(on, Relaxed);
}

/// A reading of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// Allocation calls so far (reallocations count as one).
    pub allocs: u64,
    /// Bytes requested so far.
    pub bytes: u64,
    /// Bytes allocated and not yet freed by counted threads while counting was on.
    pub live: i64,
    /// The highest `live` since [`reset_peak`].
    pub peak: i64,
}

/// Reads the counters.
pub fn snapshot() -> Snapshot {
    Snapshot {
        allocs: ALLOCS.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        live: LIVE.load(Relaxed),
        peak: PEAK.load(Relaxed),
    }
}

/// Restarts the high-water mark from the current live byte count.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}
