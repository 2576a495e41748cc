//! Per-object mutable state behind CPython's own `PyMutex`.
//!
//! Why `PyMutex` (3.13, `Include/cpython/lock.h`) and not `std::sync::Mutex`: a thread that
//! waits for a `PyMutex` while attached *detaches* while it waits, so it never holds the GIL
//! (GIL build) or blocks a stop-the-world pause (free-threaded build) while another thread,
//! which may need either to finish, holds the lock. A `std::sync::Mutex` waits attached, and
//! deadlocks in exactly those cases. It is what C's `zlib` uses (`ENTER_ZLIB`), so a Rust
//! module locks the way the C module it replaces did. Critical sections
//! (`Py_BEGIN_CRITICAL_SECTION`) were the other choice: they are released whenever the thread
//! detaches, so they cannot protect state across `Py_BEGIN_ALLOW_THREADS`, which is the point
//! here (compressing a large buffer detached, with the stream locked).
//!
//! The lock is not re-entrant: code that holds it must not call back into Python code that
//! could take it again on the same thread (the C module has the same rule). The garbage
//! collector never takes it: a type whose state is behind a [`Lock`] keeps its Python objects
//! outside the lock ([`crate::class`]'s traversal reads them without locking).

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};

use cpython_sys as ffi;

use crate::context::ThreadContext;

// ANCHOR: lock
/// A value of type `T` that one thread at a time may use, through [`Lock::lock`].
pub struct Lock<T> {
    mutex: UnsafeCell<ffi::PyMutex>,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through a guard, and `PyMutex` admits one guard at a time
// across all threads; moving the lock moves the value, hence `T: Send` for both.
unsafe impl<T: Send> Sync for Lock<T> {}
// SAFETY: as above; an unlocked `PyMutex` is plain data.
unsafe impl<T: Send> Send for Lock<T> {}

/// Exclusive access to a [`Lock`]'s value until dropped.
///
/// The guard does not borrow the [`ThreadContext`], so the holder may [`detach`] while it
/// keeps the lock, as C does with `Py_BEGIN_ALLOW_THREADS` inside `ENTER_ZLIB`: the value is
/// `Send`, so `&mut T` may go into the detached closure.
///
/// [`detach`]: ThreadContext::detach
pub struct LockGuard<'l, T> {
    lock: &'l Lock<T>,
}
// ANCHOR_END: lock

impl<T> Lock<T> {
    /// An unlocked value.
    pub const fn new(value: T) -> Self {
        Lock {
            mutex: UnsafeCell::new(ffi::PyMutex { _bits: 0 }),
            value: UnsafeCell::new(value),
        }
    }

    /// Wait for the lock (detached while waiting) and take it.
    pub fn lock(&self, _ctx: &ThreadContext<'_>) -> LockGuard<'_, T> {
        // SAFETY: the mutex lives as long as `self`; the token proves the thread is attached,
        // which PyMutex_Lock needs in order to detach while it waits.
        unsafe { ffi::PyMutex_Lock(self.mutex.get()) };
        LockGuard { lock: self }
    }

    /// The value, when no other reference to the lock can exist.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }
}

impl<T: Default> Default for Lock<T> {
    fn default() -> Self {
        Lock::new(T::default())
    }
}

impl<T> Deref for LockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the mutex, so no other reference to the value exists.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for LockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`, and `&mut self` makes this the only use of the guard.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for LockGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard took the mutex in `lock` and releases it exactly once.
        // PyMutex_Unlock does not need an attached thread state (it only wakes a waiter), so
        // a guard may be dropped detached.
        unsafe { ffi::PyMutex_Unlock(self.lock.mutex.get()) };
    }
}
