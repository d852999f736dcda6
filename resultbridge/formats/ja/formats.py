"""Japanese dates as Django writes them ("2026年6月13日"), and times with their time zone:
"2026年12月3日 10:00 JST". Django's own Japanese formats fill in the rest."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i T"
SHORT_DATE_FORMAT = DATE_FORMAT  # short enough, and never 2026/06/13 beside 2026年6月13日
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
