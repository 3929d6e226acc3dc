"""Safety: the crisis screen (PHQ-9 item 9), crisis lines by country, and red-flag guidance."""
