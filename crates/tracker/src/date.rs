//! Calendar dates: parsed from PEP preambles (`DD-mmm-YYYY`) and from the
//! rollout data (TOML dates), shown as `YYYY-MM-DD`, and today's date from
//! the system clock (UTC) without a time-zone crate.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// A valid date, or `None` (30 February, month 13, year 0).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid =
            year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// A TOML local date (no time, no offset), validated.
    pub fn from_toml(dt: &toml::value::Datetime) -> Option<Date> {
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days`].
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// Parses like Python's `datetime.strptime(s, "%d-%b-%Y")`: a day of one
    /// or two digits, an English month abbreviation in any case, a
    /// four-digit year, and a date that exists. Zero-padding is checked by
    /// the caller, as check-peps does.
    pub fn parse_strptime(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(d) || d.len() > 2 || !digits(y) || y.len() != 4 {
            return None;
        }
        let month = MONTHS
            .iter()
            .position(|name| name.eq_ignore_ascii_case(m))?;
        Date::new(
            y.parse().ok()?,
            u32::try_from(month).ok()? + 1,
            d.parse().ok()?,
        )
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// ISO 8601, as the rollout data and api/status.json write dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_416, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(0), Date::new(1970, 1, 1).expect("valid"));
        assert_eq!(Date::new(2026, 11, 24).map(Date::days), Some(20_781));
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn parses_like_strptime() {
        assert_eq!(Date::parse_strptime("24-Nov-2026"), Date::new(2026, 11, 24));
        assert_eq!(Date::parse_strptime("4-nov-2026"), Date::new(2026, 11, 4));
        for bad in [
            "30-Feb-2024",
            "24-November-2026",
            "24-Nov-26",
            "2026-11-24",
            "",
            "1-1-1",
        ] {
            assert_eq!(Date::parse_strptime(bad), None, "{bad}");
        }
        assert_eq!(
            Date::parse_strptime("29-Feb-2024")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-29")
        );
    }
}
