//! Where the drive loops write: an [`Output`] the caller supplies and grows.
//!
//! The loops of [`crate::drive`] never allocate an output of their own: they
//! write into the caller's [`Output`], so a binding can hand them the buffer
//! its result will live in (a `Vec` it turns into a Python object, or a
//! `bytes` object it resizes in place) and no output-sized copy is needed
//! inside the engine. `Vec<u8>` implements it with CPython's growth policy.

use std::mem::MaybeUninit;

/// A failed allocation while a loop grew the output (CPython raises
/// `MemoryError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Allocating more output failed.
    NoMemory,
}

/// The smallest step by which [`grow_to`] grows an output (zlibmodule.c's
/// `DEF_BUF_SIZE`).
pub const MIN_GROWTH: usize = 16 * 1024;

/// Upper bound of a first output allocation guessed from the input size.
pub const GUESS_CAP: usize = 64 << 20;

/// The growth policy: the capacity to grow an output of `len` bytes to,
/// at most `limit`: doubled, by at least [`MIN_GROWTH`]. `len` itself when
/// `len >= limit`.
pub fn grow_to(len: usize, limit: usize) -> usize {
    if len >= limit {
        return len;
    }
    let extra = len.max(MIN_GROWTH).min(limit - len);
    len + extra
}

/// A first output size for inflating `len` bytes: zlib rarely expands text
/// more than 4x; the output grows if it does. Capped at [`GUESS_CAP`].
pub fn inflate_guess(len: usize) -> usize {
    len.saturating_mul(4).min(GUESS_CAP)
}

/// An output buffer that the drive loops fill from its start.
///
/// Implemented for `Vec<u8>`; a binding implements it for its own buffer
/// (for example a `bytes` object created with `PyBytes_FromStringAndSize(NULL,
/// n)` and resized with `_PyBytes_Resize`), so that zlib writes straight into
/// the result.
pub trait Output {
    /// Bytes written so far (initialised, at the start of the buffer).
    fn written(&self) -> usize;

    /// The writable room after the written bytes (may be empty).
    fn spare(&mut self) -> &mut [MaybeUninit<u8>];

    /// Mark `n` more bytes written.
    ///
    /// # Safety
    ///
    /// The first `n` bytes of [`Output::spare`] have been initialised since
    /// it was last called.
    unsafe fn commit(&mut self, n: usize);

    /// Make room for at least `additional` more bytes (a capacity hint such
    /// as `deflateBound`), or [`Stop::NoMemory`].
    fn reserve(&mut self, additional: usize) -> Result<(), Stop>;

    /// Ensure [`Output::spare`] is not empty, growing the buffer to at most
    /// `limit` bytes in all (policy: [`grow_to`]). `Ok(false)` when it is
    /// full and already holds `limit` bytes.
    fn grow(&mut self, limit: usize) -> Result<bool, Stop>;
}

impl Output for Vec<u8> {
    fn written(&self) -> usize {
        self.len()
    }

    fn spare(&mut self) -> &mut [MaybeUninit<u8>] {
        self.spare_capacity_mut()
    }

    unsafe fn commit(&mut self, n: usize) {
        debug_assert!(n <= self.capacity() - self.len());
        // SAFETY: the caller guarantees the first `n` bytes of the spare
        // capacity are initialised, and `n` fits in it (they were written
        // into the slice `spare` returned).
        unsafe { self.set_len(self.len() + n) };
    }

    fn reserve(&mut self, additional: usize) -> Result<(), Stop> {
        self.try_reserve_exact(additional)
            .map_err(|_| Stop::NoMemory)
    }

    fn grow(&mut self, limit: usize) -> Result<bool, Stop> {
        if self.len() >= limit {
            // Spare capacity past the limit is not room: `max_length=0` must not spin.
            return Ok(false);
        }
        if self.len() < self.capacity() {
            return Ok(true);
        }
        let target = grow_to(self.len(), limit);
        if target == self.len() {
            return Ok(false);
        }
        self.try_reserve_exact(target - self.len())
            .map_err(|_| Stop::NoMemory)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_doubles_from_the_minimum_up_to_the_limit() {
        assert_eq!(grow_to(0, usize::MAX), MIN_GROWTH);
        assert_eq!(grow_to(MIN_GROWTH, usize::MAX), 2 * MIN_GROWTH);
        assert_eq!(grow_to(100, 150), 150);
        assert_eq!(grow_to(150, 150), 150);
        let mut v: Vec<u8> = Vec::new();
        assert_eq!(v.grow(10), Ok(true));
        assert!(v.capacity() >= 10);
        assert_eq!(inflate_guess(usize::MAX), GUESS_CAP);
    }

    #[test]
    fn no_room_at_the_limit_even_with_spare_capacity() {
        let mut v: Vec<u8> = Vec::with_capacity(8);
        assert_eq!(v.grow(0), Ok(false));
        v.push(1);
        assert_eq!(v.grow(1), Ok(false));
        assert_eq!(v.grow(2), Ok(true));
    }
}
