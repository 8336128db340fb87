//! `dossier serve` under load and attack (issue 7, point 4), on a real
//! socket: the real binary serves a copy of a fixture site on 127.0.0.1,
//! and clients written here with `std::net` load it, stall it and send it
//! hostile requests. Every bound is generous for a noisy 2-core machine,
//! yet a server without the limits of `serve::socket` fails it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Shutdown, TcpStream};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dossier::serve::preview::MAX_STREAMS;
use dossier::serve::respond::EVENTS;
use dossier::serve::socket::{HEADER_TIMEOUT, MAX_HEADER_SIZE, WRITE_TIMEOUT};

use crate::support::{Server, TestSite};

/// One answer read off a connection.
#[derive(Debug)]
struct Answer {
    status: u16,
    /// Header names in lower case → values.
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the server closes the connection after this answer.
    fn closes(&self) -> bool {
        self.headers
            .get("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Reads one complete HTTP/1.1 answer with a `Content-Length` (every answer
/// but an event stream has one); `head` for the answer to a `HEAD`, which
/// has none of its body. Anything incomplete or malformed is an error.
fn read_answer(reader: &mut impl io::BufRead, head: bool) -> Result<Answer, String> {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("reading the status line: {e}"))?;
    let status = line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not a status line: {line:?}"))?;
    if !line.ends_with("\r\n") {
        return Err(format!("status line without CRLF: {line:?}"));
    }
    let mut headers = BTreeMap::new();
    loop {
        line.clear();
        reader
            .read_line(&mut line)
            .map_err(|e| format!("reading headers: {e}"))?;
        if line == "\r\n" {
            break;
        }
        let (name, value) = line
            .trim_end()
            .split_once(':')
            .ok_or_else(|| format!("not a header: {line:?}"))?;
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{status} without a Content-Length: {headers:?}"))?;
    let mut body = vec![0; if head { 0 } else { length }];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("{status}: reading {length} bytes of body: {e}"))?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// A keep-alive client: one connection, reopened when the server closes it.
struct Client<'a> {
    address: &'a str,
    connection: Option<BufReader<TcpStream>>,
}

impl Client<'_> {
    fn new(address: &str) -> Client<'_> {
        Client {
            address,
            connection: None,
        }
    }

    /// Sends one request on the open connection (or a new one) and reads
    /// its answer.
    fn request(&mut self, method: &str, path: &str) -> Result<Answer, String> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            None => {
                let stream =
                    TcpStream::connect(self.address).map_err(|e| format!("connect: {e}"))?;
                stream
                    .set_read_timeout(Some(Duration::from_secs(30)))
                    .map_err(|e| e.to_string())?;
                // One write per request (below) and no Nagle delay: the
                // client, not the server, would otherwise set the pace.
                stream.set_nodelay(true).map_err(|e| e.to_string())?;
                self.connection.insert(BufReader::new(stream))
            }
        };
        let request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address);
        let sent = connection.get_mut().write_all(request.as_bytes());
        let answer = sent
            .map_err(|e| format!("sending: {e}"))
            .and_then(|()| read_answer(connection, method == "HEAD"));
        match &answer {
            Ok(answer) if !answer.closes() => {}
            _ => self.connection = None,
        }
        answer
    }

    /// Closes the connection; the next request opens a new one.
    fn close(&mut self) {
        self.connection = None;
    }
}

/// The resident memory of a process, in KiB (Linux).
fn resident_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

/// Pages of the `full` fixture and the status each must have: pages,
/// assets, feeds and data files, and paths that do not exist.
const PATHS: &[(&str, u16)] = &[
    ("/", 200),
    ("/briefs/", 200),
    ("/briefs/cooperation-militaire/", 200),
    ("/briefs/page/2/", 200),
    ("/countries/mali/", 200),
    ("/actors/jnim/", 200),
    ("/events/", 200),
    ("/tags/securite/", 200),
    ("/digest/2025-12/", 200),
    ("/assets/dossier.css", 200),
    ("/assets/search.js", 200),
    ("/atom.xml", 200),
    ("/countries/mali/atom.xml", 200),
    ("/sitemap.xml", 200),
    ("/search-index.json", 200),
    ("/graph.json", 200),
    ("/exports/events.csv", 200),
    ("/nowhere/", 404),
    ("/briefs/nowhere/", 404),
    ("/assets/nothing.css", 404),
];

const BRIEF: &str = "content/briefs/cooperation-militaire.md";
const TITLE: &str = "Dakar et Bamako resserrent";

#[test]
fn ten_thousand_requests_from_fifty_clients_during_edits_all_succeed() {
    const CLIENTS: usize = 50;
    const REQUESTS: usize = 10_000;
    let site = TestSite::fixture("full");
    let server = Server::start(&site);
    let brief = site.root().join(BRIEF);
    let original = fs::read_to_string(&brief).expect("read");
    let errors = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    // The versions of the brief's title the clients saw.
    let seen = Mutex::new(BTreeSet::new());
    let started = Instant::now();
    let edits = std::thread::scope(|scope| {
        // An analyst saves the brief, its title and its body, every 100 ms
        // for as long as the load lasts.
        let editor = scope.spawn(|| {
            let mut edits = 0;
            while done.load(Ordering::Relaxed) < REQUESTS * 9 / 10 {
                let edited = original
                    .replace(TITLE, &format!("{TITLE} (version {edits})"))
                    .replace("Selon APA,", &format!("Selon APA ({edits}),"));
                fs::write(&brief, edited).expect("write");
                edits += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            edits
        });
        for client in 0..CLIENTS {
            let (errors, done, seen, address) = (&errors, &done, &seen, &server.address);
            scope.spawn(move || {
                let mut connection = Client::new(address);
                for n in 0..REQUESTS / CLIENTS {
                    // Mostly keep-alive, with a fresh connection now and
                    // then, and a HEAD every tenth request.
                    if n % 25 == 0 {
                        connection.close();
                    }
                    let (path, status) = PATHS[(client * 7 + n) % PATHS.len()];
                    let method = if n % 10 == 3 { "HEAD" } else { "GET" };
                    let outcome = connection.request(method, path).and_then(|answer| {
                        if answer.status != status {
                            Err(format!("{} instead of {status}", answer.status))
                        } else if method == "GET"
                            && path.ends_with('/')
                            && !answer.text().contains("</html>")
                        {
                            Err("an incomplete page".to_string())
                        } else {
                            if path == "/briefs/cooperation-militaire/" && method == "GET" {
                                let text = answer.text();
                                let version = text
                                    .split(&format!("{TITLE} (version "))
                                    .nth(1)
                                    .and_then(|rest| rest.split(')').next())
                                    .map(str::to_string);
                                seen.lock().expect("no panic holds it").insert(version);
                            }
                            Ok(())
                        }
                    });
                    done.fetch_add(1, Ordering::Relaxed);
                    if let Err(error) = outcome {
                        errors
                            .lock()
                            .expect("no panic holds it")
                            .push(format!("{method} {path}: {error}"));
                    }
                }
            });
        }
        editor.join().expect("the editor does not panic")
    });
    let elapsed = started.elapsed();
    let errors = errors.into_inner().expect("no panic holds it");
    let seen = seen.into_inner().expect("no panic holds it");
    println!(
        "{} requests from {CLIENTS} clients in {:.1} s: {:.0} requests/s, {} errors; \
         {edits} saves meanwhile, {} versions of the brief served",
        done.load(Ordering::Relaxed),
        elapsed.as_secs_f64(),
        done.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64(),
        errors.len(),
        seen.len()
    );
    assert_eq!(done.load(Ordering::Relaxed), REQUESTS);
    assert!(
        errors.is_empty(),
        "{} errors, the first ones:\n{}",
        errors.len(),
        errors[..errors.len().min(20)].join("\n")
    );
    assert!(
        edits >= 3 && seen.len() >= 2,
        "the load was over before the edits were served ({edits} saves, versions {seen:?})"
    );
    let last = format!("{TITLE} (version {})", edits - 1);
    server.wait_for(
        "/briefs/cooperation-militaire/",
        "shows the last title",
        |s, b| s == 200 && b.contains(&last) && b.contains(&format!("Selon APA ({}),", edits - 1)),
    );
    server.wait_for("/briefs/", "lists the last title", |_, b| b.contains(&last));
}

/// Opens a connection and sends `bytes`, then nothing more.
fn stall(address: &str, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(bytes).expect("send");
    stream
}

/// Whether the server closes `stream` (end of file or reset) within `wait`,
/// reading and discarding what it sends.
fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    let mut buffer = vec![0; 1 << 16];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// A file of `static/` large enough to fill the socket buffers of a client
/// that does not read.
const BIG: usize = 32 << 20;

#[test]
fn slow_and_half_open_clients_do_not_block_others() {
    let site = TestSite::fixture("full").write_bytes("static/big.bin", &vec![b'x'; BIG]);
    let server = Server::start(&site);
    let address = server.address.as_str();
    let opened = Instant::now();
    let mut half_lines: Vec<TcpStream> = (0..20)
        .map(|_| stall(address, b"GET /briefs/coop"))
        .collect();
    let mut no_blank_line: Vec<TcpStream> = (0..20)
        .map(|_| {
            let head = format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: 1\r\n");
            stall(address, head.as_bytes())
        })
        .collect();
    let mut silent: Vec<TcpStream> = (0..20).map(|_| stall(address, b"")).collect();
    let readers_who_never_read: Vec<TcpStream> = (0..10)
        .map(|_| {
            let request = format!("GET /big.bin HTTP/1.1\r\nHost: {address}\r\n\r\n");
            stall(address, request.as_bytes())
        })
        .collect();
    // Leave the server time to fill their buffers.
    std::thread::sleep(Duration::from_millis(500));

    // Others are answered at once, on fresh and on kept-alive connections.
    let mut latencies = Vec::new();
    let mut kept = Client::new(address);
    for n in 0..20 {
        let start = Instant::now();
        let answer = if n % 2 == 0 {
            Client::new(address).request("GET", "/briefs/cooperation-militaire/")
        } else {
            kept.request("GET", "/countries/mali/")
        };
        let took = start.elapsed();
        let answer = answer.unwrap_or_else(|e| panic!("request {n}: {e}"));
        assert_eq!(answer.status, 200);
        latencies.push(took);
    }
    latencies.sort();
    println!(
        "with 70 stalled clients: median answer {:?}, slowest {:?}",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1]
    );
    // About a millisecond on an idle machine. A server that waited for the
    // stalled clients would answer only once it drops them, after
    // HEADER_TIMEOUT (10 s); half of it leaves a loaded 2-core CI machine
    // room (it was 2 s) and still fails such a server.
    assert!(
        latencies[latencies.len() - 1] < HEADER_TIMEOUT / 2,
        "{latencies:?}"
    );

    // The stalled requests are dropped once their time to send a request
    // is over; the server does not keep them forever.
    let bound = HEADER_TIMEOUT + Duration::from_secs(10);
    for (what, streams) in [
        ("half a request line", &mut half_lines),
        ("headers without their end", &mut no_blank_line),
        ("nothing", &mut silent),
    ] {
        for stream in streams.iter_mut() {
            let left = bound.saturating_sub(opened.elapsed());
            assert!(
                closed_within(stream, left),
                "a client that sent {what} was still connected after {:?}",
                opened.elapsed()
            );
        }
    }
    assert!(
        opened.elapsed() >= HEADER_TIMEOUT - Duration::from_secs(1),
        "stalled clients were dropped before their time ({:?})",
        opened.elapsed()
    );
    drop(readers_who_never_read);
}

#[test]
fn a_client_that_never_reads_is_dropped_after_the_write_timeout() {
    let site = TestSite::fixture("full").write_bytes("static/big.bin", &vec![b'x'; BIG]);
    let server = Server::start(&site);
    let request = format!("GET /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n", server.address);
    let mut streams: Vec<TcpStream> = (0..3)
        .map(|_| stall(&server.address, request.as_bytes()))
        .collect();
    std::thread::sleep(WRITE_TIMEOUT + Duration::from_secs(5));
    // Had the server waited, it would now send the whole file.
    for stream in &mut streams {
        let mut received = 0;
        let mut buffer = vec![0; 1 << 16];
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => received += n,
            }
        }
        assert!(
            received < BIG,
            "the server waited for a client that never read ({received} bytes sent)"
        );
    }
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn endless_request_lines_and_headers_are_refused_without_growing_the_server() {
    let site = TestSite::fixture("full");
    let server = Server::start(&site);
    let pid = server.child.id();
    // The first requests settle the server's own buffers.
    for _ in 0..20 {
        assert_eq!(server.get("/").0, 200);
    }
    let before = resident_kib(pid);
    let chunk = vec![b'a'; 64 * 1024];
    let header = "X-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1024);
    let answers: Vec<String> = std::thread::scope(|scope| {
        let senders: Vec<_> = (0..4)
            .map(|n| {
                let (address, chunk, header) = (&server.address, &chunk, &header);
                scope.spawn(move || {
                    let mut stream = TcpStream::connect(address).expect("connect");
                    // A server that stops reading without closing must not
                    // hang the test.
                    stream
                        .set_write_timeout(Some(Duration::from_secs(20)))
                        .expect("timeout");
                    let start: &[u8] = if n % 2 == 0 {
                        b"GET /"
                    } else {
                        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    };
                    let mut sent = stream.write_all(start).map(|()| start.len());
                    // 10 MB as fast as the server takes them, until it
                    // stops taking them.
                    while let Ok(so_far) = sent {
                        if so_far >= 10 << 20 {
                            break;
                        }
                        let piece = if n % 2 == 0 {
                            &chunk[..]
                        } else {
                            header.as_bytes()
                        };
                        sent = stream.write_all(piece).map(|()| so_far + piece.len());
                    }
                    let _ = stream.shutdown(Shutdown::Write);
                    stream
                        .set_read_timeout(Some(Duration::from_secs(20)))
                        .expect("timeout");
                    let mut answer = Vec::new();
                    let _ = stream.read_to_end(&mut answer);
                    (sent.ok(), String::from_utf8_lossy(&answer).into_owned())
                })
            })
            .collect();
        senders
            .into_iter()
            .map(|sender| {
                let (sent, answer) = sender.join().expect("no panic");
                assert!(
                    sent.is_none() || answer.starts_with("HTTP/1.1 4"),
                    "the server took 10 MB of request head and answered {answer:?}"
                );
                answer
            })
            .collect()
    });
    let after = resident_kib(pid);
    println!(
        "4 × 10 MB of request line or headers: resident {} → {} KiB (+{} KiB); answers {:?}",
        before,
        after,
        after.saturating_sub(before),
        answers
            .iter()
            .map(|a| a.lines().next().unwrap_or("(reset)"))
            .collect::<Vec<_>>()
    );
    assert!(
        after < before + 20 * 1024,
        "the server grew by {} KiB",
        after - before
    );
    assert_eq!(server.get("/").0, 200, "the server still answers");
}

#[test]
fn hostile_request_targets_are_refused_on_the_socket_and_leak_nothing() {
    const SECRET: &str = "SECRET-7f3a9c-never-served";
    let site = TestSite::fixture("full");
    fs::write(site.parent().join("secret.txt"), SECRET).expect("write");
    let site = site
        .write("secret.txt", SECRET)
        .write("content/secret.txt", SECRET);
    let server = Server::start(&site);
    let address = server.address.clone();
    let overlong = format!("/{}", "a".repeat(100_000));
    let targets: Vec<String> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/briefs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5c..%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/secret.txt",
        "/secret.txt%00.html",
        "/%00",
        "/%zz/secret.txt",
        "/%",
        "/site.yaml",
        "/content/secret.txt",
        "/content/briefs/cooperation-militaire.md",
        "http://evil.example/secret.txt",
        "http://evil.example/../secret.txt",
        "https://127.0.0.1/../secret.txt",
        "*",
    ]
    .iter()
    .map(|t| t.to_string())
    .chain([format!("http://{address}/../secret.txt"), overlong.clone()])
    .collect();
    for target in &targets {
        let shown: String = target.chars().take(60).collect();
        let mut stream = TcpStream::connect(&address).expect("connect");
        // The overlong target may be refused before it is all sent.
        let _ = write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        );
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        if target == &overlong && (read.is_err() || answer.is_empty()) {
            continue; // refused by closing the connection
        }
        let status: u16 = answer
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{shown}: not an HTTP answer: {answer:?}"));
        assert!((400..500).contains(&status), "{shown}: {status}\n{answer}");
        assert!(!answer.contains(SECRET), "{shown} leaked the secret");
        assert!(!answer.contains("root:x:0:0"), "{shown} leaked /etc/passwd");
    }
    // A raw NUL, a backslash and a space in the request line itself.
    for line in [
        &b"GET /a\0b HTTP/1.1"[..],
        b"GET /..\\..\\secret.txt HTTP/1.1",
        b"GET /../ secret.txt HTTP/1.1",
    ] {
        let mut stream = TcpStream::connect(&address).expect("connect");
        stream.write_all(line).expect("send");
        stream
            .write_all(format!("\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes())
            .expect("send");
        let mut answer = String::new();
        let _ = BufReader::new(stream).read_line(&mut answer);
        assert!(
            answer.starts_with("HTTP/1.1 4"),
            "{}: {answer:?}",
            String::from_utf8_lossy(line)
        );
    }
    assert_eq!(server.get("/").0, 200, "the server still answers");
}

#[test]
fn event_streams_are_bounded_and_end_when_their_page_leaves() {
    let site = TestSite::fixture("full");
    let server = Server::start(&site);
    let open = |since: &str| -> (u16, BufReader<TcpStream>) {
        let mut stream = TcpStream::connect(&server.address).expect("connect");
        write!(
            stream,
            "GET {EVENTS}?v={since} HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address
        )
        .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("a status line");
        (line[9..12].parse().expect("a status"), reader)
    };
    /// Reads the stream until `text` comes.
    fn wait(reader: &mut BufReader<TcpStream>, text: &str) {
        let mut heard = String::new();
        while !heard.contains(text) {
            let mut line = String::new();
            reader
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}; heard {heard:?}"));
            assert!(!line.is_empty(), "the stream closed; heard {heard:?}");
            heard.push_str(&line);
        }
    }
    let streams: Vec<BufReader<TcpStream>> = (0..MAX_STREAMS)
        .map(|_| {
            let (status, mut reader) = open("stale");
            assert_eq!(status, 200);
            // A page of an older version reloads at once.
            wait(&mut reader, "retry: 500");
            wait(&mut reader, "event: reload");
            reader
        })
        .collect();
    let (status, _) = open("stale");
    assert_eq!(status, 503, "the number of streams is bounded");

    // Pages that leave free their places at once, not when their stream
    // next sends something (the comment, 15 s later).
    let left = Instant::now();
    drop(streams);
    let mut fresh = loop {
        let (status, reader) = open("stale");
        if status == 200 {
            break reader;
        }
        // A server that noticed a closed stream only when it next wrote to
        // it would free the place after the 15 s between comments; 10 s
        // (it was 5 s) leaves a loaded machine room and still fails it.
        assert!(
            left.elapsed() < Duration::from_secs(10),
            "closed streams still count after {:?}",
            left.elapsed()
        );
        std::thread::sleep(Duration::from_millis(100));
    };

    // An idle stream hears a comment now and then.
    wait(&mut fresh, "event: reload");
    wait(&mut fresh, ": still here");
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let site = TestSite::fixture("full");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"]);
    let server = Server::start_command(command);
    assert_eq!(server.get("/").0, 200);
    // More connections than the server has descriptors for: the ones past
    // its limit wait in the kernel's queue while `accept` fails.
    let crowd: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    drop(crowd);
    let start = Instant::now();
    loop {
        match Client::new(&server.address).request("GET", "/") {
            Ok(answer) if answer.status == 200 => break,
            // A server whose accept loop died never answers again: the
            // deadline (it was 10 s) only has to end the test.
            _ if start.elapsed() < Duration::from_secs(30) => {
                std::thread::sleep(Duration::from_millis(100));
            }
            other => panic!("the server stopped answering: {other:?}"),
        }
    }
    // And it keeps answering.
    let mut client = Client::new(&server.address);
    for _ in 0..50 {
        let answer = client.request("GET", "/").expect("an answer");
        assert_eq!(answer.status, 200);
    }
    let stderr = server.stop();
    let warnings = stderr.matches("cannot accept a connection").count();
    assert!(
        (1..=3).contains(&warnings),
        "accept errors are reported, once in a while: {warnings} in\n{stderr}"
    );
}

/// A large but legitimate request head (cookies of other local servers)
/// is still answered: the limit is not tighter than it says.
#[test]
fn a_request_head_just_under_the_limit_is_answered() {
    let site = TestSite::fixture("full");
    let server = Server::start(&site);
    let padding = "a".repeat(MAX_HEADER_SIZE - 1024);
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Padding: {padding}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .expect("send");
    let answer = read_answer(&mut BufReader::new(stream), false).expect("an answer");
    assert_eq!(answer.status, 200);
}
