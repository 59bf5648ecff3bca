//! How the model's times are written in pages and exports: RFC 3339 with the zone's offset.

use jiff::Zoned;

/// RFC 3339 / ISO 8601 with the zone's offset: `2026-10-22T09:00:00+02:00`.
pub fn rfc3339(z: &Zoned) -> String {
    let offset = z.offset().seconds();
    if !(1000..=9999).contains(&z.year()) || offset % 60 != 0 {
        return z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    }
    // The same bytes as the strftime above, without interpreting a format on every call.
    let mut out = String::with_capacity(25);
    push_civil(&mut out, z.datetime(), false);
    out.push(if offset < 0 { '-' } else { '+' });
    let minutes = offset.abs() / 60;
    push_digits(&mut out, minutes / 60, 2);
    out.push(':');
    push_digits(&mut out, minutes % 60, 2);
    out
}

/// `YYYY-MM-DDTHH:MM:SS`, or `YYYYMMDDTHHMMSS` when `compact`, of a time whose year has four
/// digits (as strftime's `%Y` writes it then).
pub(crate) fn push_civil(out: &mut String, dt: jiff::civil::DateTime, compact: bool) {
    let (date_sep, time_sep) = if compact { ("", "") } else { ("-", ":") };
    push_digits(out, i32::from(dt.year()), 4);
    out.push_str(date_sep);
    push_digits(out, i32::from(dt.month()), 2);
    out.push_str(date_sep);
    push_digits(out, i32::from(dt.day()), 2);
    out.push('T');
    push_digits(out, i32::from(dt.hour()), 2);
    out.push_str(time_sep);
    push_digits(out, i32::from(dt.minute()), 2);
    out.push_str(time_sep);
    push_digits(out, i32::from(dt.second()), 2);
}

/// `n` (0 ≤ n < 10^width) in decimal, zero-padded to `width` digits.
pub(crate) fn push_digits(out: &mut String, n: i32, width: u32) {
    let mut div = 10i32.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_matches_strftime() {
        let zones =
            ["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC", "Pacific/Chatham", "America/St_Johns"];
        let times = ["2026-10-22T09:05:07", "2026-03-29T01:59:59", "2026-10-25T02:30:00", "1900-01-01T00:00:00", "0999-06-01T12:00:00"];
        for zone in zones {
            let tz = jiff::tz::TimeZone::get(zone).unwrap();
            for t in times {
                let z = t.parse::<jiff::civil::DateTime>().unwrap().to_zoned(tz.clone()).unwrap();
                assert_eq!(rfc3339(&z), z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(), "{zone} {t}");
            }
        }
    }
}
