//! `confpress new DIR`: a starter conference that builds as it is.

use std::path::{Path, PathBuf};

use clap::Args;
use include_dir::{Dir, include_dir};
use jiff::ToSpan;
use jiff::civil::Date;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cli/starter");

#[derive(Args)]
pub struct NewArgs {
    /// The folder to create (must not exist, or be empty)
    dir: PathBuf,
}

/// The starter's first conference day as written in its files. `confpress new` moves every date
/// by whole weeks so that the conference lies about five months after the day it is run, on the
/// same weekday: a starter is never born in the past.
const STARTER_FIRST_DAY: Date = jiff::civil::date(2027, 6, 10);

/// How many days to move the starter's dates when today is `today`.
fn shift_for(today: Date) -> i64 {
    let target = today.checked_add(150.days()).unwrap_or(today);
    let days = (target - STARTER_FIRST_DAY).get_days() as i64;
    days.div_euclid(7) * 7 + if days.rem_euclid(7) == 0 { 0 } else { 7 }
}

/// `text` with every `YYYY-MM-DD` moved by `days`, and the year of the first day in titles and
/// ids (`My Conference 2027`, `myconf-2027`) moved with it.
fn shifted(text: &str, days: i64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let date = rest.get(..10).filter(|d| d.as_bytes()[4] == b'-').and_then(|d| d.parse::<Date>().ok());
        match date.and_then(|d| d.checked_add(days.days()).ok()) {
            Some(moved) => {
                out.push_str(&moved.to_string());
                rest = &rest[10..];
            }
            None => {
                let run = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                let year = STARTER_FIRST_DAY.year().to_string();
                if rest[..run] == year {
                    out.push_str(&STARTER_FIRST_DAY.checked_add(days.days()).map_or(year, |d| d.year().to_string()));
                } else {
                    out.push_str(&rest[..run]);
                }
                rest = &rest[run..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Today, or the day of SOURCE_DATE_EPOCH (for reproducible output, as in builds).
fn today() -> Date {
    crate::pipeline::reproducible_now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

fn write_all(dir: &Dir<'static>, root: &Path, days: i64) -> std::io::Result<usize> {
    let mut n = 0;
    for f in dir.files() {
        if f.path().file_name().is_some_and(|n| n == "FILES.txt") {
            continue;
        }
        let path = root.join(f.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match f.contents_utf8() {
            Some(text) => std::fs::write(path, shifted(text, days))?,
            None => std::fs::write(path, f.contents())?,
        }
        n += 1;
    }
    for d in dir.dirs() {
        n += write_all(d, root, days)?;
    }
    Ok(n)
}

pub fn run(args: NewArgs) -> i32 {
    let dir = &args.dir;
    let occupied = dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true);
    if occupied {
        eprintln!("error: {} already exists and is not empty\n  = help: choose a new folder name", dir.display());
        return 1;
    }
    match write_all(&STARTER, dir, shift_for(today())) {
        Ok(n) => {
            println!("created {} with {n} files", dir.display());
            println!("next: `confpress serve {0}` to preview, `confpress build {0}` to build", dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", dir.display());
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_lies_in_the_future_on_its_weekday() {
        for today in [jiff::civil::date(2026, 12, 2), jiff::civil::date(2031, 2, 28), jiff::civil::date(2027, 6, 10)] {
            let first = STARTER_FIRST_DAY.checked_add(shift_for(today).days()).unwrap();
            let ahead = (first - today).get_days();
            assert!((150..157).contains(&ahead), "{today}: {first} is {ahead} days ahead");
            assert_eq!(first.weekday(), STARTER_FIRST_DAY.weekday());
        }
    }

    #[test]
    fn moves_dates_and_the_year() {
        let text = "title: My Conference 2027\nacronym: myconf-2027\nstart: 2027-06-10 09:00\nsigned: 2027-01-15\nprice: 150\n";
        let moved = shifted(text, 364);
        assert_eq!(moved, "title: My Conference 2028\nacronym: myconf-2028\nstart: 2028-06-08 09:00\nsigned: 2028-01-14\nprice: 150\n");
        assert_eq!(shifted(text, 0), text);
    }
}
