//! Creating the files of a build.
//!
//! On Linux a new file is first made without a name (`O_TMPFILE`) in its folder, filled, and then
//! linked under its name. Creating a named file holds its folder's lock while ext4 looks for a
//! free inode, and a cold build puts half a million pages in one folder: with two threads, one
//! spun on that lock while the other searched (a sixth of a cold build's samples in `perf`).
//! Made without a name, the inode is found outside the folder's lock, and only the link, a short
//! step, is serialized. Where the file system cannot do it, files are created as usual.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, IoContext, Result};

/// Writes a new file at `path`, creating its folders when they are missing.
pub(super) fn write_creating_parents(path: &Path, bytes: &[u8]) -> Result<()> {
    match write_new(path, bytes) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let parent = path.parent().expect("staged files have a parent");
            fs::create_dir_all(parent).at("cannot create", parent)?;
            write_new(path, bytes).at("cannot write", path)
        }
        Err(error) => Err(Error::io("cannot write", path, error)),
    }
}

/// Writes `path` and waits until its bytes are on the disk.
pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = File::create(path).at("cannot write", path)?;
    file.write_all(bytes).at("cannot write", path)?;
    file.sync_all().at("cannot write", path)
}

#[cfg(target_os = "linux")]
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Cleared the first time the file system refuses, so that it is asked only once.
    static UNNAMED_WORKS: AtomicBool = AtomicBool::new(true);
    if UNNAMED_WORKS.load(Ordering::Relaxed) {
        match unnamed::write_then_link(path, bytes) {
            Ok(()) => return Ok(()),
            // The folder is missing: the caller creates it.
            Err(unnamed::Failure::NoFolder(error)) => return Err(error),
            Err(unnamed::Failure::Unsupported) => UNNAMED_WORKS.store(false, Ordering::Relaxed),
            // Anything else (the name exists, a full disk) is left to the usual way, which
            // replaces the file or reports the error as it always has.
            Err(unnamed::Failure::Other) => {}
        }
    }
    fs::write(path, bytes)
}

#[cfg(not(target_os = "linux"))]
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::write(path, bytes)
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::OpenOptions;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    pub(super) enum Failure {
        NoFolder(std::io::Error),
        Unsupported,
        Other,
    }

    /// Opens an unnamed file in the folder of `path`, writes `bytes` and links it as `path`.
    pub(super) fn write_then_link(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        // Mode 0o666 (before the umask), as `fs::write` creates files.
        let mut file = match OpenOptions::new().write(true).custom_flags(libc::O_TMPFILE).mode(0o666).open(folder) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(Failure::NoFolder(error)),
            Err(error) if matches!(error.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)) => return Err(Failure::Unsupported),
            Err(_) => return Err(Failure::Other),
        };
        file.write_all(bytes).map_err(|_| Failure::Other)?;
        let descriptor = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL in a number");
        let name = CString::new(path.as_os_str().as_bytes()).map_err(|_| Failure::Other)?;
        // SAFETY: both arguments are NUL-terminated strings that live across the call.
        let linked = unsafe { libc::linkat(libc::AT_FDCWD, descriptor.as_ptr(), libc::AT_FDCWD, name.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
        match linked {
            0 => Ok(()),
            // No /proc to name the file by: the usual way from now on.
            _ if std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOENT) => Err(Failure::Unsupported),
            _ => Err(Failure::Other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_a_missing_folder_is_written_with_its_folders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("smtp/550-vs-554.html");
        write_creating_parents(&path, b"<p>550</p>").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"<p>550</p>");
    }

    /// Linking an unnamed file fails when the name is taken; the usual way then replaces the file,
    /// as it always has.
    #[test]
    fn a_file_whose_name_is_taken_replaces_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        write_creating_parents(&path, b"old").unwrap();
        write_creating_parents(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no other file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_permissions_that_fs_write_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.html");
        let usual = dir.path().join("usual.html");
        write_creating_parents(&ours, b"x").unwrap();
        fs::write(&usual, b"x").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&usual));
    }
}
