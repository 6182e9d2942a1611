//! Compile-time work: embed every file of the default theme, and compute the build id, a hash of
//! everything that decides what a page looks like (the sources, the theme, the locked
//! dependency versions). Incremental builds key their outputs on it, so an upgraded replyvs whose
//! version number did not change still re-renders every page.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let theme = root.join("themes/default");
    let theme_files = files_below(&theme);
    write_embedded_theme(&theme, &theme_files, &out.join("embedded_theme.rs"));
    let mut inputs = files_below(&root.join("src"));
    inputs.extend(theme_files);
    inputs.extend(["Cargo.toml", "Cargo.lock", "build.rs"].map(|name| root.join(name)));
    println!("cargo:rustc-env=REPLYVS_BUILD_ID={:016x}", hash_files(&root, &inputs));
    for watched in ["src", "themes/default", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
}

/// Every file below `dir`, sorted, so that the hash and the embedded list are deterministic.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind) if kind.is_file() => found.push(path),
                _ => {}
            }
        }
    }
    found.sort();
    found
}

fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Writes `EMBEDDED_THEME: &[(&str, &[u8])]`, every file of the theme by its path in the theme.
fn write_embedded_theme(theme: &Path, files: &[PathBuf], target: &Path) {
    let mut text = String::from("/// Every file of the default theme, by its path inside the theme.\npub(crate) const EMBEDDED_THEME: &[(&str, &[u8])] = &[\n");
    for file in files {
        text.push_str(&format!("    ({:?}, include_bytes!({:?})),\n", relative(theme, file), file.display().to_string()));
    }
    text.push_str("];\n");
    let mut handle = fs::File::create(target).expect("OUT_DIR is writable");
    handle.write_all(text.as_bytes()).expect("OUT_DIR is writable");
}

/// The paths (relative to `root`, so the hash does not depend on where the checkout lives) and
/// bytes of `files`.
fn hash_files(root: &Path, files: &[PathBuf]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for file in files {
        hasher.write(relative(root, file).as_bytes());
        hasher.write(&fs::read(file).unwrap_or_default());
    }
    hasher.finish()
}
