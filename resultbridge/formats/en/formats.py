"""English dates in British style, never ambiguous: "13 June 2026", "3 Dec 2026, 10:00 JST".

Times always name their time zone (settings.TIME_ZONE, where the exam board is): a reader
abroad cannot take them for their own. Django's own English formats fill in the rest.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
