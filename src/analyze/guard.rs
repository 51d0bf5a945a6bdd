//! Every parser runs behind `catch_unwind` and a watchdog: a panic in one is
//! a bug to fix, but it becomes an `error` row for that file, and a parser
//! caught in a loop becomes "timed out"; the sweep goes on either way.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use crate::extract::{self, Budget, ExtractError, Extracted, Limits};
use crate::sniff::Format;

/// Extract on a thread of its own, so a parser caught in a loop the
/// cooperative budget cannot see (inside a library) costs one thread, not
/// the sweep: after the time limit (and a grace period for the parser to
/// notice its own budget) the document becomes an error row "timed out"
/// and the worker moves on. The abandoned thread keeps its memory until it
/// ends. Its large stack also keeps deeply nested input from overflowing
/// (a stack overflow aborts the process and cannot be caught).
pub(super) fn extract_with_watchdog(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    with_watchdog(format, bytes, limits, extract::extract)
}

/// Run `parse` under the watchdog described above.
pub(super) fn with_watchdog<T: Send + 'static>(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    parse: fn(Format, &[u8], &Budget) -> Result<T, ExtractError>,
) -> Result<T, ExtractError> {
    const STACK: usize = 64 << 20;
    let grace = Duration::from_secs(limits.timeout_secs.clamp(1, 5));
    let (tx, rx) = crossbeam_channel::bounded(1);
    let owned = bytes.to_vec();
    let thread_limits = limits.clone();
    let spawned = std::thread::Builder::new()
        .name("arkivsvep-worker-extract".into())
        .stack_size(STACK)
        .spawn(move || {
            let budget = Budget::new(&thread_limits);
            let result = guarded(format, || parse(format, &owned, &budget));
            let _ = tx.send(result);
        });
    if spawned.is_err() {
        // No thread to be had (resource limits): extract here instead.
        let budget = Budget::new(limits);
        return guarded(format, || parse(format, bytes, &budget));
    }
    match rx.recv_timeout(Duration::from_secs(limits.timeout_secs) + grace) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::Timeout(limits.timeout_secs)),
    }
}

/// What a caught panic said.
pub(super) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into())
}

/// Run a parser; a panic becomes an error for this document only.
pub(super) fn guarded<T>(
    format: Format,
    f: impl FnOnce() -> Result<T, ExtractError>,
) -> Result<T, ExtractError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic_message(panic.as_ref());
            Err(ExtractError::corrupt(
                format.name(),
                format!(
                    "internal error in the {} reader (please report): {msg}",
                    format.name()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hangs(_: Format, _: &[u8], _: &Budget) -> Result<(), ExtractError> {
        loop {
            std::thread::sleep(Duration::from_secs(60));
        }
    }

    fn panics(_: Format, _: &[u8], _: &Budget) -> Result<(), ExtractError> {
        panic!("malformed input reached an unwrap")
    }

    #[test]
    fn a_hanging_parser_becomes_a_timeout() {
        let limits = Limits {
            timeout_secs: 1,
            ..Limits::default()
        };
        let started = std::time::Instant::now();
        let r = with_watchdog(Format::Pdf, b"%PDF-", &limits, hangs);
        assert!(matches!(r, Err(ExtractError::Timeout(1))));
        assert!(started.elapsed() < Duration::from_secs(10));
        // The state recognises such rows by these words and retries them.
        assert!(
            r.unwrap_err()
                .to_string()
                .contains(crate::extract::TIMED_OUT)
        );
    }

    #[test]
    fn a_panicking_parser_becomes_an_error() {
        let r = with_watchdog(Format::Pdf, b"%PDF-", &Limits::default(), panics);
        let msg = r.unwrap_err().to_string();
        assert!(
            msg.contains("internal error") && msg.contains("unwrap"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
    }
}
