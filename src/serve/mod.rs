//! `replyvs serve`: build, serve the site on 127.0.0.1, rebuild when `content/` or the theme
//! changes, and reload open pages. A broken edit keeps the last good build online and shows the
//! error (file, line, column) in the page and in the terminal until the next good save.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Response, Server};

use crate::build::build;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::options::BuildOptions;

/// The build number and the last error, shared between the builder and the HTTP threads.
#[derive(Debug, Default)]
struct Status {
    version: u64,
    error: Option<String>,
}

/// Where to serve from and on which port.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build; `base_url` is replaced by the local address.
    pub build: BuildOptions,
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<()> {
    let server = Server::http(("127.0.0.1", options.port)).map_err(|e| Error::Refused(format!("cannot listen on 127.0.0.1:{}: {e}", options.port)))?;
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let mut build_options = options.build.clone();
    let address = format!("http://127.0.0.1:{port}/");
    build_options.base_url = Some(address.clone());
    let status = Arc::new(Mutex::new(Status::default()));
    // Watch before the first build, so that no edit made after it can go unnoticed.
    let (_watcher, events) = start_watching(&build_options)?;
    rebuild(&build_options, &status);
    build_options.events.emit(Event::Serving { url: &address, folder: &build_options.output });
    let root = build_options.output.clone();
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, status, root) = (Arc::clone(&server), Arc::clone(&status), root.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let response = respond(&root, request.url(), &status);
                let _ = request.respond(response);
            }
        });
    }
    while events.recv().is_ok() {
        // Editors save in several steps; wait for the burst to end before building.
        while events.recv_timeout(Duration::from_millis(150)).is_ok() {}
        rebuild(&build_options, &status);
    }
    Ok(())
}

fn rebuild(options: &BuildOptions, status: &Mutex<Status>) {
    let result = build(options);
    let mut status = status.lock().expect("no thread panicked while holding it");
    match result {
        Ok(report) => {
            options.events.emit(Event::Rebuilt(&report));
            status.error = None;
        }
        Err(error) => {
            options.events.emit(Event::RebuildFailed(&error));
            status.error = Some(error.to_string());
        }
    }
    status.version += 1;
}

/// Watches the content and theme folders; the receiver gets a message for every change.
fn start_watching(options: &BuildOptions) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<()>)> {
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = sender.send(());
        }
    })
    .map_err(|e| Error::Refused(format!("cannot watch files: {e}")))?;
    // The site's own theme folders sit beside content/, like the preview folder itself: watch
    // them one by one, never their parent, or every build would set off the next.
    let site = crate::project::site_folder(&options.content);
    let site_layer = ["templates", "static", "i18n"].map(|name| site.join(name));
    for dir in std::iter::once(&options.content).chain(options.theme.as_ref()).chain(site_layer.iter()) {
        if dir.exists() {
            watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| Error::Refused(format!("cannot watch {}: {e}", dir.display())))?;
        }
    }
    Ok((watcher, events))
}

/// Maps a request path to a file inside `root`, the way static hosts with clean URLs do:
/// `/a/` → `a/index.html`, `/a/b` → `a/b.html` or `a/b/index.html`. Anything that could leave
/// `root` (`..`, encoded or not, backslashes, NUL) finds nothing.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let relative = decoded.strip_prefix('/')?;
    if relative.contains(['\\', '\0']) {
        return None;
    }
    let relative_path = Path::new(relative);
    if relative_path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let candidates: Vec<PathBuf> = crate::site::urls::clean_url_candidates(relative).into_iter().map(|c| root.join(c)).collect();
    let root = root.canonicalize().ok()?;
    candidates.into_iter().filter(|c| c.is_file()).find_map(|c| c.canonicalize().ok().filter(|real| real.starts_with(&root)))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The script added to every served page: reload on a new build, show a build error.
const LIVE_RELOAD: &str = r#"<script>
(function () {
  var seen = null;
  function tick() {
    fetch("/__replyvs/status").then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen && !s.error) { location.reload(); return; }
      seen = s.version;
      var box = document.getElementById("replyvs-error");
      if (s.error && !box) {
        box = document.createElement("pre");
        box.id = "replyvs-error";
        box.setAttribute("role", "alert");
        box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#3b0d0d;color:#fff;font:13px/1.4 monospace;z-index:99";
        document.body.appendChild(box);
      }
      if (box) { if (s.error) { box.textContent = s.error; } else { box.remove(); } }
    }).catch(function () {}).then(function () { setTimeout(tick, 500); });
  }
  tick();
})();
</script>"#;

fn respond(root: &Path, url: &str, status: &Mutex<Status>) -> Response<std::io::Cursor<Vec<u8>>> {
    if url.starts_with("/__replyvs/status") {
        let status = status.lock().expect("no thread panicked while holding it");
        let body = serde_json::json!({ "version": status.version, "error": status.error }).to_string();
        return with_type(Response::from_data(body.into_bytes()), "application/json");
    }
    let (file, code) = match resolve(root, url) {
        Some(file) => (file, 200),
        None => match resolve(root, "/404.html") {
            Some(file) => (file, 404),
            None => return Response::from_data(b"not found".to_vec()).with_status_code(404),
        },
    };
    let mut bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        // A file that vanished or cannot be read is an error, not an empty page.
        Err(error) => return Response::from_data(format!("cannot read {}: {error}\n", file.display()).into_bytes()).with_status_code(500),
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        let text = String::from_utf8_lossy(&bytes).replacen("</body>", &format!("{LIVE_RELOAD}</body>"), 1);
        bytes = text.into_bytes();
    }
    with_type(Response::from_data(bytes), content_type).with_status_code(code)
}

fn with_type(response: Response<std::io::Cursor<Vec<u8>>>, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = Header::from_bytes("Content-Type", content_type).expect("a valid header");
    response.with_header(header).with_header(Header::from_bytes("Cache-Control", "no-store").expect("a valid header"))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") | None => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_attempts_resolve_to_nothing() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("site/smtp")).unwrap();
        std::fs::write(dir.join("site/smtp/550.html"), "x").unwrap();
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        let root = dir.join("site");
        assert_eq!(resolve(&root, "/smtp/550"), Some(root.join("smtp/550.html").canonicalize().unwrap()));
        for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/smtp/..%2f..%2fsecret.txt", "/smtp/%2E%2E/%2E%2E/secret.txt", "/..\\secret.txt", "/%00", "//etc/passwd", "/smtp/550%"] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("replyvs-serve-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
