//! Calendar dates: parsed from PEP preambles (`DD-mmm-YYYY`) and from the
//! rollout data (TOML dates), shown as `YYYY-MM-DD`, and today's date (UTC).
//! The calendar is jiff's; this module only fixes the project's rules
//! around it (no year 0, Python's `strptime` digit counts).

use std::fmt;

/// English month abbreviations, as PEP preambles write them.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A proleptic Gregorian calendar date, from year 1 on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// A valid date, or `None` (30 February, month 13, year 0).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if year < 1 {
            return None;
        }
        let date = jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        );
        date.ok().map(Date)
    }

    /// A date known when compiling: `const TODAY: Date = Date::ymd(2026, 11, 24)`
    /// (an invalid one is a compile error in a `const`).
    pub const fn ymd(year: i16, month: i8, day: i8) -> Date {
        Date(jiff::civil::date(year, month, day))
    }

    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    /// Days since 1970-01-01 (negative before), for differences.
    pub fn days(self) -> i64 {
        self.0
            .since(jiff::civil::date(1970, 1, 1))
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// `24 Nov 2026`, as the pages write a day.
    pub fn long(self) -> String {
        let m = MONTHS
            .get(self.month() as usize - 1)
            .copied()
            .unwrap_or("?");
        format!("{} {m} {}", self.day(), self.year())
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        u32::try_from(self.0.month()).unwrap_or(1)
    }

    /// 1 to 31.
    pub fn day(self) -> u32 {
        u32::try_from(self.0.day()).unwrap_or(1)
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
        Date(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// `n` days later (earlier for negative `n`); saturates at jiff's range.
    pub fn add_days(self, n: i64) -> Date {
        let span = jiff::Span::new().try_days(n).unwrap_or_default();
        Date(self.0.checked_add(span).unwrap_or(self.0))
    }

    /// Parses like Python's `datetime.strptime(s, "%d-%b-%Y")`: a day of one
    /// or two digits, an English month abbreviation in any case, a
    /// four-digit year, and a date that exists. Zero-padding is checked by
    /// the caller, as check-peps does.
    pub fn parse_strptime(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(d) || d.len() > 2 || !digits(y) || y.len() != 4 || m.len() != 3 {
            return None;
        }
        let date = jiff::civil::Date::strptime("%d-%b-%Y", s).ok()?;
        Date::new(i32::from(date.year()), 1, 1).map(|_| Date(date))
    }
}

impl fmt::Display for Date {
    /// ISO 8601, as the rollout data and api/status.json write dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
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
    fn valid_dates_and_arithmetic() {
        assert!(Date::new(2024, 2, 29).is_some());
        for (y, m, d) in [(2023, 2, 29), (2026, 13, 1), (0, 1, 1), (2026, 4, 31)] {
            assert_eq!(Date::new(y, m, d), None, "{y}-{m}-{d}");
        }
        let d = Date::new(2026, 12, 25).expect("valid");
        assert_eq!(d.add_days(14).to_string(), "2027-01-08");
        assert_eq!(d.add_days(-365).to_string(), "2025-12-25");
        assert!(Date::today().year() >= 2024);
        assert_eq!(Date::new(1970, 1, 1).map(Date::days), Some(0));
        assert_eq!(Date::new(2026, 11, 24).map(Date::days), Some(20_781));
        assert_eq!(Date::new(1969, 12, 31).map(Date::days), Some(-1));
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
            "24-Nov-0000",
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
