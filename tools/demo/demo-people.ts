import type { PoliceDistrict } from '@cardtrail/card-lifecycle';
import type { Prng } from './prng';
import type { Applicant } from '@cardtrail/infra';

/**
 * Made-up applicants and addresses for the demo. Names are common given names and surnames of
 * each nationality, combined at random: no real person is described. Only non-EU/EEA
 * nationalities (EU/EEA and Swiss nationals never get a card). E-mail addresses use the reserved
 * example domains (RFC 2606).
 */
interface NamePool {
  given: readonly string[];
  family: readonly string[];
  /** Relative share of the demo's applicants. */
  weight: number;
}

const NAMES: Readonly<Record<string, NamePool>> = {
  SY: { weight: 12, given: ['Omar', 'Lina', 'Khaled', 'Rasha', 'Yousef', 'Nour', 'Mahmoud', 'Hala', 'Rami', 'Dima', 'Bashar', 'Rania'], family: ['Al-Hassan', 'Haddad', 'Khoury', 'Al-Masri', 'Darwish', 'Nasser', 'Sabbagh', 'Hamdan', 'Kassab', 'Halabi'] },
  UA: { weight: 14, given: ['Oleksandr', 'Olena', 'Andrii', 'Iryna', 'Dmytro', 'Kateryna', 'Serhii', 'Nataliia', 'Mykola', 'Yuliia', 'Bohdan', 'Oksana'], family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Oliinyk', 'Lysenko', 'Marchenko'] },
  ER: { weight: 8, given: ['Yonas', 'Helen', 'Dawit', 'Senait', 'Tesfay', 'Selam', 'Mehari', 'Luwam', 'Robel', 'Feven'], family: ['Tesfamariam', 'Gebremedhin', 'Haile', 'Berhane', 'Kidane', 'Ghebreyesus', 'Woldu', 'Tekle', 'Asmerom', 'Mehreteab'] },
  IN: { weight: 9, given: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Sneha', 'Arjun', 'Kavya', 'Rahul', 'Deepa', 'Siddharth', 'Meera'], family: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Singh', 'Menon', 'Das', 'Rao'] },
  PK: { weight: 6, given: ['Ahmed', 'Fatima', 'Usman', 'Ayesha', 'Bilal', 'Sana', 'Hamza', 'Zainab', 'Imran', 'Hira'], family: ['Khan', 'Malik', 'Qureshi', 'Chaudhry', 'Butt', 'Raza', 'Siddiqui', 'Javed', 'Hussain', 'Mirza'] },
  PH: { weight: 7, given: ['Jose', 'Maria', 'Mark', 'Angelica', 'John Paul', 'Kristine', 'Paolo', 'Rowena', 'Ramon', 'Jasmine'], family: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'Villanueva', 'Dela Cruz', 'Ramos', 'Aquino'] },
  US: { weight: 5, given: ['Emily', 'Michael', 'Sarah', 'David', 'Jessica', 'Christopher', 'Ashley', 'Matthew', 'Megan', 'Tyler'], family: ['Johnson', 'Miller', 'Davis', 'Anderson', 'Thompson', 'Robinson', 'Walker', 'Carter', 'Mitchell', 'Brooks'] },
  CN: { weight: 5, given: ['Wei', 'Li Na', 'Jun', 'Xiaoling', 'Hao', 'Mei', 'Lei', 'Yan', 'Zhiwei', 'Qian'], family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou'] },
  TR: { weight: 5, given: ['Mehmet', 'Ayşe', 'Mustafa', 'Elif', 'Emre', 'Zeynep', 'Burak', 'Fatma', 'Murat', 'Esra'], family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Aydın', 'Öztürk', 'Arslan', 'Doğan'] },
  SO: { weight: 7, given: ['Abdirahman', 'Hodan', 'Mohamed', 'Amina', 'Abdullahi', 'Faadumo', 'Ahmed', 'Ifrah', 'Hassan', 'Sahra'], family: ['Warsame', 'Farah', 'Abdi', 'Jama', 'Hirsi', 'Osman', 'Yusuf', 'Aden', 'Mohamud', 'Ali'] },
  AF: { weight: 8, given: ['Ahmad', 'Mariam', 'Mohammad', 'Fereshta', 'Sayed', 'Zahra', 'Farid', 'Nazanin', 'Rahim', 'Shabnam'], family: ['Ahmadi', 'Karimi', 'Rahimi', 'Sultani', 'Haidari', 'Noori', 'Hakimi', 'Popal', 'Sadat', 'Wardak'] },
  IR: { weight: 5, given: ['Reza', 'Shirin', 'Ali', 'Maryam', 'Hossein', 'Leila', 'Amir', 'Parisa', 'Mehdi', 'Niloufar'], family: ['Hosseini', 'Mohammadi', 'Rezaei', 'Moradi', 'Karimi', 'Jafari', 'Tehrani', 'Ahmadi', 'Sadeghi', 'Kazemi'] },
  GB: { weight: 3, given: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Sophie', 'James', 'Charlotte'], family: ['Smith', 'Jones', 'Taylor', 'Brown', 'Evans', 'Wilson', 'Hughes', 'Wright'] },
  TH: { weight: 3, given: ['Somchai', 'Malee', 'Anan', 'Siriporn', 'Niran', 'Pranee', 'Kittisak', 'Suda'], family: ['Srisuk', 'Chaiyaporn', 'Wongsawat', 'Rattanakorn', 'Boonmee', 'Saetang', 'Kaewkla', 'Thongdee'] },
  ET: { weight: 3, given: ['Abebe', 'Tigist', 'Dawit', 'Meron', 'Solomon', 'Hanna', 'Bereket', 'Saba'], family: ['Bekele', 'Tadesse', 'Alemu', 'Getachew', 'Mengistu', 'Assefa', 'Girma', 'Wolde'] },
};

export interface Place {
  city: string;
  postalCodes: readonly string[];
  streets: readonly string[];
}

export interface DistrictProfile {
  /** Relative share of the demo's cards (roughly the district's population). */
  weight: number;
  /** Police service centres where appointments take place. */
  stations: readonly string[];
  places: readonly Place[];
}

export const DISTRICT_PROFILES: Readonly<Record<PoliceDistrict, DistrictProfile>> = {
  oslo: {
    weight: 18,
    stations: ['Oslo politihus, Grønland', 'Stovner politistasjon', 'Manglerud politistasjon'],
    places: [
      { city: 'Oslo', postalCodes: ['0150', '0154', '0182', '0187', '0190'], streets: ['Storgata', 'Grønlandsleiret', 'Tøyengata', 'Urtegata', 'Brugata'] },
      { city: 'Oslo', postalCodes: ['0552', '0554', '0557', '0562', '0571'], streets: ['Thorvald Meyers gate', 'Markveien', 'Trondheimsveien', 'Sofienberggata', 'Nordkappgata'] },
      { city: 'Oslo', postalCodes: ['0980', '0981', '0984', '0985', '0987'], streets: ['Fossumberget', 'Stovnerfaret', 'Haugenstuveien', 'Tokerudberget', 'Gransdalen'] },
      { city: 'Oslo', postalCodes: ['0361', '0367', '0369', '0454', '0458'], streets: ['Bogstadveien', 'Kirkeveien', 'Ullevålsveien', 'Sandakerveien', 'Uelands gate'] },
    ],
  },
  ost: {
    weight: 14,
    stations: ['Lillestrøm politistasjon', 'Fredrikstad politistasjon', 'Ski politistasjon'],
    places: [
      { city: 'Lillestrøm', postalCodes: ['2000', '2004', '2010'], streets: ['Storgata', 'Nittedalsgata', 'Solheimgata', 'Jonas Lies gate'] },
      { city: 'Fredrikstad', postalCodes: ['1606', '1607', '1608', '1613'], streets: ['Nygaardsgata', 'Brochs gate', 'Farmannsgata', 'Glemmengata'] },
      { city: 'Sarpsborg', postalCodes: ['1706', '1707', '1712'], streets: ['St. Marie gate', 'Glengsgata', 'Kirkegata'] },
      { city: 'Jessheim', postalCodes: ['2050', '2052', '2054'], streets: ['Jessheimvegen', 'Storgata', 'Furusethgata'] },
    ],
  },
  innlandet: {
    weight: 7,
    stations: ['Hamar politistasjon', 'Lillehammer politistasjon', 'Gjøvik politistasjon'],
    places: [
      { city: 'Hamar', postalCodes: ['2317', '2318', '2321'], streets: ['Torggata', 'Grønnegata', 'Parkgata', 'Strandgata'] },
      { city: 'Lillehammer', postalCodes: ['2609', '2610', '2615'], streets: ['Storgata', 'Kirkegata', 'Anders Sandvigs gate'] },
      { city: 'Gjøvik', postalCodes: ['2815', '2816', '2821'], streets: ['Kirkegata', 'Storgata', 'Bryggerivegen'] },
      { city: 'Elverum', postalCodes: ['2406', '2408', '2415'], streets: ['Storgata', 'Vestad', 'Hamarvegen'] },
    ],
  },
  'sor-ost': {
    weight: 11,
    stations: ['Drammen politistasjon', 'Tønsberg politistasjon', 'Skien politistasjon'],
    places: [
      { city: 'Drammen', postalCodes: ['3015', '3017', '3019', '3041'], streets: ['Bragernes torg', 'Tollbugata', 'Konnerudgata', 'Rosenkrantz gate'] },
      { city: 'Tønsberg', postalCodes: ['3110', '3111', '3116'], streets: ['Nedre Langgate', 'Storgaten', 'Farmannsveien'] },
      { city: 'Skien', postalCodes: ['3724', '3725', '3732'], streets: ['Hesselbergs gate', 'Telemarksgata', 'Kongensgate'] },
      { city: 'Sandefjord', postalCodes: ['3210', '3211', '3217'], streets: ['Jernbanealleen', 'Kongens gate', 'Dronningens gate'] },
    ],
  },
  agder: {
    weight: 6,
    stations: ['Kristiansand politistasjon', 'Arendal politistasjon'],
    places: [
      { city: 'Kristiansand', postalCodes: ['4610', '4611', '4612', '4630'], streets: ['Markens gate', 'Dronningens gate', 'Elvegata', 'Vesterveien'] },
      { city: 'Arendal', postalCodes: ['4836', '4838', '4841'], streets: ['Langbrygga', 'Vestregate', 'Peder Thomassons gate'] },
      { city: 'Grimstad', postalCodes: ['4876', '4878'], streets: ['Storgaten', 'Vestregate'] },
    ],
  },
  'sor-vest': {
    weight: 9,
    stations: ['Stavanger politistasjon', 'Sandnes politistasjon', 'Haugesund politistasjon'],
    places: [
      { city: 'Stavanger', postalCodes: ['4006', '4008', '4010', '4014'], streets: ['Kirkegata', 'Pedersgata', 'Løkkeveien', 'Madlaveien'] },
      { city: 'Sandnes', postalCodes: ['4307', '4313', '4319'], streets: ['Langgata', 'Storgata', 'Gravarsveien'] },
      { city: 'Haugesund', postalCodes: ['5527', '5528', '5531'], streets: ['Haraldsgata', 'Skåregata', 'Karmsundgata'] },
    ],
  },
  vest: {
    weight: 11,
    stations: ['Bergen politihus', 'Førde politistasjon'],
    places: [
      { city: 'Bergen', postalCodes: ['5003', '5011', '5015', '5055', '5097'], streets: ['Olav Kyrres gate', 'Nygårdsgaten', 'Kalfarveien', 'Fjøsangerveien', 'Inndalsveien'] },
      { city: 'Førde', postalCodes: ['6800', '6804'], streets: ['Hafstadvegen', 'Storehagen'] },
      { city: 'Stord', postalCodes: ['5411', '5412'], streets: ['Leirvikvegen', 'Borggata'] },
    ],
  },
  'more-og-romsdal': {
    weight: 5,
    stations: ['Ålesund politistasjon', 'Molde politistasjon'],
    places: [
      { city: 'Ålesund', postalCodes: ['6002', '6003', '6008'], streets: ['Kongens gate', 'Keiser Wilhelms gate', 'Løvenvoldgata'] },
      { city: 'Molde', postalCodes: ['6413', '6415'], streets: ['Storgata', 'Fabrikkgata'] },
      { city: 'Kristiansund', postalCodes: ['6509', '6511'], streets: ['Kaibakken', 'Langveien'] },
    ],
  },
  trondelag: {
    weight: 9,
    stations: ['Trondheim politistasjon', 'Steinkjer politistasjon'],
    places: [
      { city: 'Trondheim', postalCodes: ['7011', '7013', '7030', '7043'], streets: ['Olav Tryggvasons gate', 'Innherredsveien', 'Kongens gate', 'Elgeseter gate'] },
      { city: 'Steinkjer', postalCodes: ['7713', '7714'], streets: ['Kongens gate', 'Sjøfartsgata'] },
      { city: 'Stjørdal', postalCodes: ['7500', '7502'], streets: ['Kjøpmannsgata', 'Stokkanvegen'] },
    ],
  },
  nordland: {
    weight: 4,
    stations: ['Bodø politistasjon', 'Mo i Rana politistasjon'],
    places: [
      { city: 'Bodø', postalCodes: ['8006', '8008', '8012'], streets: ['Storgata', 'Sjøgata', 'Prinsens gate'] },
      { city: 'Mo i Rana', postalCodes: ['8622', '8624'], streets: ['Ole Tobias Olsens gate', 'Nordahl Griegs gate'] },
      { city: 'Narvik', postalCodes: ['8514', '8517'], streets: ['Kongens gate', 'Dronningens gate'] },
    ],
  },
  troms: {
    weight: 3,
    stations: ['Tromsø politistasjon', 'Harstad politistasjon'],
    places: [
      { city: 'Tromsø', postalCodes: ['9008', '9009', '9019'], streets: ['Storgata', 'Grønnegata', 'Sjøgata'] },
      { city: 'Harstad', postalCodes: ['9405', '9406'], streets: ['Strandgata', 'Rikard Kaarbøs gate'] },
    ],
  },
  finnmark: {
    weight: 3,
    stations: ['Alta politistasjon', 'Kirkenes politistasjon'],
    places: [
      { city: 'Alta', postalCodes: ['9510', '9511', '9515'], streets: ['Markveien', 'Bjørnstjerne Bjørnsons vei', 'Løkkeveien'] },
      { city: 'Hammerfest', postalCodes: ['9600', '9602'], streets: ['Strandgata', 'Sjøgata'] },
      { city: 'Kirkenes', postalCodes: ['9900', '9901'], streets: ['Dr. Wessels gate', 'Kongensgate'] },
    ],
  },
};

/** The applicant block of `POST /v1/cards`, as the card store keeps it. */
export type DemoApplicant = Applicant;

export interface DemoAddress {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
}

/** Age groups: most applicants are adults; some children come with a guardian, a few are under 6. */
export type AgeGroup = 'adult' | 'child' | 'infant';

export function demoApplicant(prng: Prng, today: string, ageGroup: AgeGroup): DemoApplicant {
  const nationality = prng.weighted(Object.entries(NAMES).map(([code, pool]) => [code, pool.weight] as const));
  const pool = NAMES[nationality]!;
  const given = prng.pick(pool.given);
  const family = prng.pick(pool.family);
  const age = ageGroup === 'adult' ? prng.int(19, 67) : ageGroup === 'child' ? prng.int(7, 16) : prng.int(1, 4);
  const year = Number(today.slice(0, 4)) - age;
  const month = prng.int(1, 12);
  const day = prng.int(1, 28);
  const applicant: DemoApplicant = {
    fullName: `${given} ${family}`,
    dateOfBirth: `${year}-${pad(month)}-${pad(day)}`,
    nationality,
    preferredLanguage: prng.chance(0.3) ? 'nb' : 'en',
  };
  // Children are reached through their guardian: no e-mail of their own.
  if (ageGroup === 'adult' && prng.chance(0.85)) {
    const local = `${ascii(given)}.${ascii(family)}${prng.int(1, 99)}`;
    applicant.email = `${local}@${prng.pick(['example.org', 'example.com', 'example.net'])}`;
  }
  if (ageGroup === 'adult' && prng.chance(0.6)) applicant.phone = `+47 ${prng.pick(['4', '9'])}${prng.digits(2)} ${prng.digits(2)} ${prng.digits(3)}`;
  return applicant;
}

export function demoAddress(prng: Prng, district: PoliceDistrict): DemoAddress {
  const place = prng.pick(DISTRICT_PROFILES[district].places);
  const address: DemoAddress = {
    line1: `${prng.pick(place.streets)} ${prng.int(1, 140)}${prng.chance(0.15) ? prng.pick(['A', 'B', 'C']) : ''}`,
    postalCode: prng.pick(place.postalCodes),
    city: place.city,
  };
  // Flats: Norwegian addresses name the unit as H + floor + door (H0203).
  if (prng.chance(0.35)) address.line2 = `H${pad(prng.int(1, 6))}${pad(prng.int(1, 8))}`;
  return address;
}

/** 12 digits, the first four the year of the first application: not before birth, not in the future. */
export function demoDufNumber(prng: Prng, today: string, dateOfBirth: string): string {
  const thisYear = Number(today.slice(0, 4));
  const earliest = Math.max(Number(dateOfBirth.slice(0, 4)), thisYear - 14);
  return `${prng.int(earliest, thisYear)}${prng.digits(8)}`;
}

export function demoStation(prng: Prng, district: PoliceDistrict): string {
  return prng.pick(DISTRICT_PROFILES[district].stations);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A plausible e-mail local part: lower case ASCII letters only. */
function ascii(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
