//! The preview server: serves the build, rebuilds after an edit, keeps the last good build and
//! reports the error after a broken edit, and never serves a file outside the site.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path, content: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_replyvs"))
        .args(["serve", "--port", "0", "--content", content.to_str().unwrap(), "--theme", default_theme().to_str().unwrap(), "--output", "preview"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, port }
}

/// Sends a raw request line (no client-side normalization of `..`) and returns status and body.
fn get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(started.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_server_rebuilds_after_an_edit_and_survives_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    let server = start(dir.path(), &content);
    let (status, page) = get(server.port, "/smtp/550");
    assert_eq!(status, 200);
    assert!(page.contains("A permanent refusal") && page.contains("/__replyvs/status"), "live reload script injected");
    assert!(page.contains(&format!("http://127.0.0.1:{}/smtp/550", server.port)), "links point at the preview");

    let file = content.join("smtp/550.yaml");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("A permanent refusal", "A lasting refusal")).unwrap();
    wait_for("the edit to be served", || get(server.port, "/smtp/550").1.contains("A lasting refusal"));

    std::fs::write(&file, good.replace("summary:", "sumary:")).unwrap();
    wait_for("the error to be reported", || get(server.port, "/__replyvs/status").1.contains("550.yaml:3:1: unknown key `sumary`"));
    let (status, page) = get(server.port, "/smtp/550");
    assert_eq!(status, 200);
    assert!(page.contains("A lasting refusal"), "the last good build is still served");

    std::fs::write(&file, good).unwrap();
    wait_for("recovery", || get(server.port, "/__replyvs/status").1.contains("\"error\":null") && get(server.port, "/smtp/550").1.contains("A permanent refusal"));
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let dir = tempfile::tempdir().unwrap();
    let content = mini_copy(dir.path());
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = start(dir.path(), &content);
    for target in ["/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/smtp/..%2f..%2fsecret.txt", "/%2E%2E/%2E%2E/etc/passwd", "/..%5csecret.txt", "/smtp/%00"] {
        let (status, body) = get(server.port, target);
        assert_eq!(status, 404, "{target}");
        assert!(!body.contains("top secret") && !body.contains("root:"), "{target}");
    }
    assert_eq!(get(server.port, "/no/such/page").0, 404);
    assert!(get(server.port, "/no/such/page").1.contains("Page not found"));
}
