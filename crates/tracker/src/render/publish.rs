//! Files the preprocessor publishes next to the book's pages, such as
//! `api/status.json`.
//!
//! mdBook copies every non-Markdown file of `src/` into the built site, and
//! the preprocessor runs before that copy; so a published file is written to
//! `src/api/` (ignored by git) and lands at `<site>/api/`. A file is only
//! rewritten when its content changes, so `mdbook serve`, which watches
//! `src/`, rebuilds at most once for it.

use std::io;
use std::path::{Path, PathBuf};

/// The folder, relative to the repository root, that becomes `<site>/api/`.
pub const API_DIR: &str = "src/api";

/// Writes `<root>/src/api/<name>` unless it already holds `contents`. The
/// new content goes to a temporary file first and is renamed into place, so
/// a reader never sees half a file.
pub fn publish(root: &Path, name: &str, contents: &str) -> io::Result<PathBuf> {
    let dir = root.join(API_DIR);
    let path = dir.join(name);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == contents) {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishes_atomically_and_only_on_change() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        let path = publish(root, "x.json", "{}\n").expect("first write");
        let first = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        publish(root, "x.json", "{}\n").expect("same content");
        let second = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(first, second, "unchanged content must not be rewritten");
        publish(root, "x.json", "[]\n").expect("new content");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "[]\n");
    }
}
