// Sign-up and welcome: prefill the country select from the browser's time zone, else its language
// (e.g. "fr-FR"), and the time-zone select from the browser's zone. Only fills an empty select, never
// overrides a choice; without JavaScript the person picks them.
(function () {
  "use strict";
  var ZONES = {
    "America/New_York": "US", "America/Chicago": "US", "America/Denver": "US", "America/Los_Angeles": "US",
    "America/Phoenix": "US", "America/Anchorage": "US", "America/Detroit": "US", "Pacific/Honolulu": "US",
    "America/Toronto": "CA", "America/Vancouver": "CA", "America/Edmonton": "CA", "America/Winnipeg": "CA",
    "America/Halifax": "CA", "America/St_Johns": "CA", "America/Regina": "CA",
    "Europe/London": "GB", "Europe/Dublin": "IE",
    "Australia/Sydney": "AU", "Australia/Melbourne": "AU", "Australia/Brisbane": "AU", "Australia/Perth": "AU",
    "Australia/Adelaide": "AU", "Australia/Hobart": "AU", "Australia/Darwin": "AU", "Pacific/Auckland": "NZ",
    "Europe/Vienna": "AT", "Europe/Brussels": "BE", "Europe/Sofia": "BG", "Europe/Zagreb": "HR",
    "Asia/Nicosia": "CY", "Europe/Nicosia": "CY", "Europe/Prague": "CZ", "Europe/Copenhagen": "DK",
    "Europe/Tallinn": "EE", "Europe/Helsinki": "FI", "Europe/Paris": "FR", "Europe/Berlin": "DE",
    "Europe/Athens": "GR", "Europe/Budapest": "HU", "Europe/Rome": "IT", "Europe/Riga": "LV",
    "Europe/Vilnius": "LT", "Europe/Luxembourg": "LU", "Europe/Malta": "MT", "Europe/Amsterdam": "NL",
    "Europe/Warsaw": "PL", "Europe/Lisbon": "PT", "Atlantic/Azores": "PT", "Atlantic/Madeira": "PT",
    "Europe/Bucharest": "RO", "Europe/Bratislava": "SK", "Europe/Ljubljana": "SI", "Europe/Madrid": "ES",
    "Atlantic/Canary": "ES", "Europe/Stockholm": "SE", "Europe/Zurich": "CH", "Atlantic/Reykjavik": "IS",
    "Europe/Oslo": "NO", "Europe/Istanbul": "TR", "Europe/Kyiv": "UA", "Europe/Kiev": "UA",
    "Asia/Jerusalem": "IL", "Africa/Johannesburg": "ZA", "Asia/Shanghai": "CN", "Asia/Hong_Kong": "HK",
    "Asia/Kolkata": "IN", "Asia/Calcutta": "IN", "Asia/Jakarta": "ID", "Asia/Tokyo": "JP", "Asia/Seoul": "KR",
    "Asia/Kuala_Lumpur": "MY", "Asia/Manila": "PH", "Asia/Singapore": "SG", "Asia/Bangkok": "TH",
    "Asia/Taipei": "TW", "Asia/Ho_Chi_Minh": "VN", "Asia/Saigon": "VN",
    "America/Argentina/Buenos_Aires": "AR", "America/Buenos_Aires": "AR", "America/Sao_Paulo": "BR",
    "America/Santiago": "CL", "America/Bogota": "CO", "America/Mexico_City": "MX"
  };

  function offered(select, code) {
    return Boolean(code) && Array.prototype.some.call(select.options, function (o) { return o.value === code; });
  }

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  function fromZone() {
    return ZONES[browserZone()] || "";
  }

  function fromLanguages(select) {
    var languages = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < languages.length; i++) {
      var region = (languages[i].split("-")[1] || "").toUpperCase();
      if (region.length === 2 && offered(select, region)) { return region; }
    }
    return "";
  }

  function guessCountry() {
    var select = document.querySelector("select[name=country]");
    if (!select || select.value) { return false; }
    var guess = fromZone();
    if (!offered(select, guess)) { guess = fromLanguages(select); }
    if (!guess) { return false; }
    select.value = guess;
    return true;
  }

  function guessZone() {
    var select = document.querySelector("select[name=timezone]");
    var zone = browserZone();
    if (!select || select.value || !offered(select, zone)) { return false; }
    select.value = zone;
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filled = guessCountry();
    filled = guessZone() || filled;
    var hint = document.getElementById("country-guess");
    if (filled && hint) { hint.hidden = false; }
  });
}());
