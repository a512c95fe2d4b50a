/**
 * The simulated locator's world map: every region/country-state pair the site lists, with what the generator needs to
 * write plausible local data (country name as written in addresses, centre coordinates, cities, street and postcode
 * style, phone country and, for North America, area codes). One line per pair keeps it reviewable.
 *
 * Format: `code|name in addresses|lat,lng|city;city;…|style|postcode pattern (# digit, @ letter, empty: none)|phone country|area codes`
 */
export type AddressStyle =
  | 'us' | 'ca' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'nordic' | 'uk' | 'pt' | 'en' | 'latam' | 'asia' | 'mideast';

export interface PairGeo {
  readonly region: string;
  readonly code: string;
  readonly countryName: string;
  readonly lat: number;
  readonly lng: number;
  readonly cities: readonly string[];
  readonly style: AddressStyle;
  readonly postcode: string;
  readonly phoneCountry: string;
  readonly areaCodes: readonly string[];
}

const TABLE: Record<string, string> = {
  af: `
CD|DR Congo|-4.32,15.31|Kinshasa;Lubumbashi|en||CD
GH|Ghana|5.60,-0.19|Accra;Kumasi|en||GH
KE|Kenya|-1.29,36.82|Nairobi;Mombasa|en|#####|KE
LY|Libya|32.89,13.19|Tripoli;Benghazi|mideast||LY
NA|Namibia|-22.56,17.08|Windhoek;Swakopmund|en|#####|NA
NG|Nigeria|6.52,3.38|Lagos;Abuja;Port Harcourt|en|######|NG
ZA|South Africa|-26.20,28.05|Johannesburg;Cape Town;Durban;Pretoria|en|####|ZA
TZ|Tanzania|-6.79,39.21|Dar es Salaam;Arusha|en||TZ
UG|Uganda|0.35,32.58|Kampala;Entebbe|en||UG
ZW|Zimbabwe|-17.83,31.05|Harare;Bulawayo|en||ZW
BW|Botswana|-24.65,25.91|Gaborone|en||BW`,
  as: `
BD|Bangladesh|23.81,90.41|Dhaka;Chittagong|asia|####|BD
BN|Brunei|4.90,114.94|Bandar Seri Begawan|asia|@@####|BN
KH|Cambodia|11.56,104.93|Phnom Penh;Siem Reap|asia|#####|KH
CN|China|31.23,121.47|Shanghai;Shenzhen;Beijing;Guangzhou;Hangzhou|asia|######|CN
HK|Hong Kong|22.32,114.17|Kowloon;Kwun Tong;Wan Chai|asia||HK
IN|India|19.08,72.88|Mumbai;Bengaluru;New Delhi;Chennai;Pune|asia|######|IN
ID|Indonesia|-6.21,106.85|Jakarta;Surabaya;Bandung|asia|#####|ID
JP|Japan|35.68,139.69|Tokyo;Osaka;Yokohama|asia|###-####|JP
KZ|Kazakhstan|43.24,76.89|Almaty;Astana|asia|######|KZ
MO|Macau|22.20,113.54|Macau|asia||MO
MY|Malaysia|3.14,101.69|Kuala Lumpur;Petaling Jaya;Penang|asia|#####|MY
MV|Maldives|4.18,73.51|Malé|asia|#####|MV
MN|Mongolia|47.89,106.91|Ulaanbaatar|asia|#####|MN
MM|Myanmar|16.87,96.20|Yangon;Mandalay|asia|#####|MM
NP|Nepal|27.72,85.32|Kathmandu;Lalitpur|asia|#####|NP
PK|Pakistan|24.86,67.01|Karachi;Lahore;Islamabad|asia|#####|PK
PH|Philippines|14.60,120.98|Manila;Makati;Cebu City|asia|####|PH
SG|Singapore|1.35,103.82|Singapore|asia|######|SG
KR|South Korea|37.57,126.98|Seoul;Busan;Seongnam|asia|#####|KR
LK|Sri Lanka|6.93,79.85|Colombo;Kandy|asia|#####|LK
TW|Taiwan|25.03,121.57|Taipei;New Taipei City;Taichung|asia|###|TW
TH|Thailand|13.76,100.50|Bangkok;Chiang Mai|asia|#####|TH
UZ|Uzbekistan|41.30,69.24|Tashkent;Samarkand|asia|######|UZ
VN|Vietnam|10.82,106.63|Ho Chi Minh City;Hanoi;Da Nang|asia|######|VN`,
  'aus-nzl': `
AU|Australia|-33.87,151.21|Sydney;Melbourne;Brisbane;Perth|en|####|AU
NZ|New Zealand|-36.85,174.76|Auckland;Wellington;Christchurch|en|####|NZ`,
  can: `
AB|Canada|51.05,-114.07|Calgary;Edmonton|ca|@#@ #@#|CA|403;780;587
BC|Canada|49.28,-123.12|Vancouver;Burnaby;Richmond|ca|@#@ #@#|CA|604;778;250
ON|Canada|43.65,-79.38|Toronto;Mississauga;Ottawa;Markham|ca|@#@ #@#|CA|416;905;613;647
QC|Canada|45.50,-73.57|Montréal;Laval;Québec|ca|@#@ #@#|CA|514;450;418`,
  eur: `
AL|Albania|41.33,19.82|Tirana;Durrës|en|####|AL
AM|Armenia|40.18,44.51|Yerevan|en|####|AM
AT|Austria|48.21,16.37|Wien;Graz;Linz;Salzburg;Pichl bei Wels|de|####|AT
AZ|Azerbaijan|40.41,49.87|Baku|en|AZ ####|AZ
BE|Belgium|50.85,4.35|Brussel;Antwerpen;Gent;Liège;Kortrijk|nl|####|BE
BA|Bosnia and Herzegovina|43.86,18.41|Sarajevo;Banja Luka|en|#####|BA
BG|Bulgaria|42.70,23.32|Sofia;Plovdiv;Varna|en|####|BG
HR|Croatia|45.81,15.98|Zagreb;Split;Rijeka|en|#####|HR
CY|Cyprus|35.17,33.36|Nicosia;Limassol|en|####|CY
CZ|Czech Republic|50.08,14.44|Praha;Brno;Ostrava|pl|### ##|CZ
DK|Danmark|55.68,12.57|København;Aarhus;Odense;Sørvad|nordic|####|DK
EE|Estonia|59.44,24.75|Tallinn;Tartu|nordic|#####|EE
FI|Finland|60.17,24.94|Helsinki;Espoo;Tampere|nordic|#####|FI
FR|France|48.86,2.35|Paris;Lyon;Marseille;Toulouse;Nantes|fr|#####|FR
GE|Georgia|41.72,44.79|Tbilisi;Batumi|en|####|GE
DE|Germany|52.52,13.40|Berlin;Hamburg;München;Köln;Sarstedt;Potsdam|de|#####|DE
GR|Greece|37.98,23.73|Athens;Thessaloniki|en|### ##|GR
HU|Hungary|47.50,19.04|Budapest;Debrecen|pl|####|HU
IE|Ireland|53.35,-6.26|Dublin;Cork;Galway|uk||IE
IT|Italy|41.90,12.50|Roma;Milano;Torino;Bologna|it|#####|IT
XK|Kosovo|42.66,21.17|Prishtina|en|#####|XK
LV|Latvia|56.95,24.11|Riga|nordic|LV-####|LV
LT|Lithuania|54.69,25.28|Vilnius;Kaunas|nordic|LT-#####|LT
LU|Luxembourg|49.61,6.13|Luxembourg;Esch-sur-Alzette|fr|L-####|LU
MK|North Macedonia|41.99,21.43|Skopje|en|####|MK
MT|Malta|35.90,14.51|Valletta;Birkirkara|uk|@@@ ####|MT
MD|Moldova|47.01,28.86|Chișinău|en|MD-####|MD
ME|Montenegro|42.44,19.26|Podgorica|en|#####|ME
NL|Netherlands|52.37,4.90|Amsterdam;Rotterdam;Utrecht;Eindhoven|nl|#### @@|NL
NO|Norge|59.91,10.75|Oslo;Bergen;Trondheim|nordic|####|NO
PL|Poland|52.23,21.01|Warszawa;Kraków;Wrocław;Bełk;Gdańsk|pl|##-###|PL
PT|Portugal|38.72,-9.14|Lisboa;Porto;Canas de Senhorim;Braga|pt|####-###|PT
RO|Romania|44.43,26.10|București;Cluj-Napoca;Timișoara|en|######|RO
RS|Serbia|44.79,20.45|Beograd;Novi Sad|en|#####|RS
SK|Slovakia|48.15,17.11|Bratislava;Košice|pl|### ##|SK
SI|Slovenia|46.06,14.51|Ljubljana;Maribor|en|####|SI
ES|Spain|40.42,-3.70|Madrid;Barcelona;Valencia;Sevilla;Alfara del Patriarca|es|#####|ES
SE|Sweden|59.33,18.07|Stockholm;Göteborg;Malmö|nordic|### ##|SE
CH|Switzerland|47.38,8.54|Zürich;Genève;Basel;Bern|de|####|CH
TR|Turkey|41.01,28.98|İstanbul;Ankara;İzmir|en|#####|TR
UA|Ukraine|50.45,30.52|Kyiv;Lviv;Kharkiv|en|#####|UA
GB|United Kingdom|51.51,-0.13|London;Manchester;Birmingham;Leeds;Bristol|uk|@@# #@@|GB`,
  'lat-a': `
AR|Argentina|-34.60,-58.38|Buenos Aires;Córdoba;Rosario|latam|@####@@@|AR
BR|Brasil|-23.55,-46.63|São Paulo;Rio de Janeiro;Curitiba;Belo Horizonte|latam|#####-###|BR
MX|México|19.43,-99.13|Ciudad de México;Guadalajara;Monterrey|latam|#####|MX
VE|Venezuela|10.48,-66.90|Caracas;Valencia|latam|####|VE
CO|Colombia|4.71,-74.07|Bogotá;Medellín;Cali|latam|######|CO
PE|Perú|-12.05,-77.04|Lima;Arequipa|latam|#####|PE
CL|Chile|-33.45,-70.67|Santiago;Valparaíso|latam|#######|CL
EC|Ecuador|-0.18,-78.47|Quito;Guayaquil|latam|######|EC
BO|Bolivia|-16.50,-68.15|La Paz;Santa Cruz de la Sierra|latam||BO
PY|Paraguay|-25.26,-57.58|Asunción;Ciudad del Este|latam|####|PY
UY|Uruguay|-34.90,-56.16|Montevideo|latam|#####|UY
GY|Guyana|6.80,-58.16|Georgetown|en||GY
SR|Suriname|5.85,-55.20|Paramaribo|en||SR
GF|Guyane française|4.92,-52.33|Cayenne|fr|973##|GF
CR|Costa Rica|9.93,-84.08|San José;Heredia|latam|#####|CR
PA|Panamá|8.98,-79.52|Ciudad de Panamá|latam||PA
DO|República Dominicana|18.49,-69.93|Santo Domingo;Santiago de los Caballeros|latam|#####|DO
GT|Guatemala|14.63,-90.51|Ciudad de Guatemala|latam|#####|GT
HN|Honduras|14.07,-87.19|Tegucigalpa;San Pedro Sula|latam||HN
SV|El Salvador|13.69,-89.22|San Salvador|latam||SV
BS|Bahamas|25.05,-77.35|Nassau|en||BS
BB|Barbados|13.10,-59.61|Bridgetown|en|BB#####|BB
JM|Jamaica|18.02,-76.80|Kingston;Montego Bay|en||JM
TT|Trinidad and Tobago|10.66,-61.51|Port of Spain;San Fernando|en||TT`,
  'mid-e': `
BH|Bahrain|26.23,50.59|Manama|mideast||BH
IQ|Iraq|33.32,44.36|Baghdad;Erbil|mideast|#####|IQ
IL|Israel|32.09,34.78|Tel Aviv;Haifa;Petah Tikva|mideast|#######|IL
JO|Jordan|31.95,35.93|Amman|mideast|#####|JO
LB|Lebanon|33.89,35.50|Beirut|mideast||LB
OM|Oman|23.59,58.41|Muscat|mideast|###|OM
SA|Saudi Arabia|24.71,46.68|Riyadh;Jeddah;Dammam|mideast|#####|SA
AE|United Arab Emirates|25.20,55.27|Dubai;Abu Dhabi;Sharjah|mideast||AE
YE|Yemen|15.37,44.19|Sana'a;Aden|mideast||YE
KW|Kuwait|29.38,47.99|Kuwait City|mideast|#####|KW
QA|Qatar|25.29,51.53|Doha|mideast||QA`,
  usa: `
CA|California|34.05,-118.24|Los Angeles;San Jose;San Diego;Santa Clara;Irvine;Simi Valley|us|#####|US|213;408;619;805;949;310
FL|Florida|25.76,-80.19|Miami;Orlando;Tampa;Doral|us|#####|US|305;407;813;786
IL|Illinois|41.88,-87.63|Chicago;Vernon Hills;Lisle|us|#####|US|312;847;630
MD|Maryland|39.29,-76.61|Baltimore;Germantown;Columbia|us|#####|US|410;301;240
MO|Missouri|38.63,-90.20|St. Louis;Fenton;Kansas City|us|#####|US|314;636;816
NJ|New Jersey|40.74,-74.17|Newark;Edison;Parsippany|us|#####|US|973;732;201
NY|New York|40.71,-74.01|New York;Brooklyn;Oriskany;Buffalo|us|#####|US|212;718;315;716
NC|North Carolina|35.23,-80.84|Charlotte;Raleigh;Durham|us|#####|US|704;919;336
OH|Ohio|39.96,-83.00|Columbus;Mason;Cleveland|us|#####|US|614;513;216
OR|Oregon|45.52,-122.68|Portland;Tigard;Beaverton|us|#####|US|503;971
PA|Pennsylvania|40.27,-76.88|Harrisburg;Philadelphia;Pittsburgh|us|#####|US|717;215;412
SC|South Carolina|34.00,-81.03|Columbia;Greenville;Charleston|us|#####|US|803;864;843
TX|Texas|32.78,-96.80|Dallas;Houston;Austin;Addison;San Antonio;College Station|us|#####|US|214;713;512;210;979
UT|Utah|40.76,-111.89|Salt Lake City;Provo;Ogden|us|#####|US|801;385`,
};

function parseTable(): PairGeo[] {
  const out: PairGeo[] = [];
  for (const [region, block] of Object.entries(TABLE)) {
    for (const line of block.split('\n')) {
      if (line.trim() === '') continue;
      const [code = '', countryName = '', ll = '', cities = '', style = 'en', postcode = '', phoneCountry = '', areas = ''] =
        line.split('|');
      const [lat = '0', lng = '0'] = ll.split(',');
      out.push({
        region,
        code,
        countryName,
        lat: Number(lat),
        lng: Number(lng),
        cities: cities.split(';'),
        style: style as AddressStyle,
        postcode,
        phoneCountry,
        areaCodes: areas ? areas.split(';') : [],
      });
    }
  }
  return out;
}

/** Every pair the simulated site knows, in the site's menu order. */
export const SIM_PAIRS: readonly PairGeo[] = parseTable();

/** A pair the site's menu lists but where nobody is listed: the locator answers with empty lists. */
export const EMPTY_PAIR = 'af/BW';

export const REGION_NAMES: Readonly<Record<string, string>> = {
  af: 'Africa',
  as: 'Asia',
  'aus-nzl': 'Australia & New Zealand',
  can: 'Canada',
  eur: 'Europe',
  'lat-a': 'Latin America',
  'mid-e': 'Middle East',
  usa: 'United States',
};

export function pairKey(region: string, code: string): string {
  return `${region}/${code}`;
}
