/**
 * The words the search-quality corpus is made of. Names of many origins (with near-duplicates:
 * Jon/John/Jonathan, Smith/Smyth, Katherine/Catherine/Kathryn, Mohammed/Muhammad/Mohamed),
 * companies that share words (Northwind Traders / Northwind Logistics, Harbor Dental / Blue
 * Harbor Marine), and vocabulary shared across unrelated items (a price, an invoice, a schedule
 * come up in renewals, repairs, travel and deliveries alike), so that relevance is not trivial.
 */

export const FIRST_NAMES = [
  // English
  "James", "Olivia", "Michael", "Emily", "Daniel", "Sarah", "Matthew", "Hannah", "Christopher", "Katherine",
  "Catherine", "Kathryn", "John", "Jon", "Jonathan", "Rebecca", "Thomas", "Megan", "Andrew", "Laura",
  // Spanish / Latin American
  "Alejandro", "Camila", "Diego", "Valentina", "Javier", "Lucía", "Mateo", "Ximena", "Santiago", "Guadalupe",
  // Chinese
  "Wei", "Xiaoling", "Jian", "Mei", "Zhiwei", "Yuting", "Hao", "Lihua",
  // Indian
  "Priya", "Arjun", "Ananya", "Rohan", "Deepika", "Vikram", "Lakshmi", "Sanjay",
  // West African
  "Chidi", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Folake", "Kwame", "Abena",
  // Arabic
  "Mohammed", "Muhammad", "Mohamed", "Fatima", "Omar", "Layla", "Yusuf", "Aisha",
  // Slavic
  "Dmitri", "Katarzyna", "Tomasz", "Olga", "Milan", "Anastasia", "Piotr", "Ivana",
  // Japanese, Korean, Vietnamese
  "Haruto", "Yui", "Kenji", "Sakura", "Min-jun", "Ji-woo", "Seo-yeon", "Hiroshi", "Thanh", "Linh", "Minh", "Huong",
  // Nordic, German, French, Italian, Irish, Greek, Turkish, Hebrew
  "Ingrid", "Lars", "Freya", "Søren", "Jürgen", "Heike", "Élodie", "François", "Giulia", "Lorenzo", "Chiara",
  "Siobhán", "Niamh", "Cian", "Aoife", "Eleni", "Nikos", "Emre", "Elif", "Noa", "Avi",
] as const;

export const LAST_NAMES = [
  "Smith", "Smyth", "Smithson", "Johnson", "Johnston", "Jonson", "Brown", "Braun", "Miller", "Muller",
  "Garcia", "Hernández", "Rodríguez", "Rodrigues", "Martinez", "Lopez", "Gonzalez", "Ramírez",
  "Nguyen", "Tran", "Le", "Wang", "Wong", "Li", "Lee", "Chen", "Chan", "Zhang",
  "Patel", "Sharma", "Iyer", "Reddy", "Banerjee", "Okafor", "Adeyemi", "Mensah", "Nwosu", "Okonkwo", "Asante",
  "Haddad", "Khalil", "Al-Sayed", "Rahman", "Kowalski", "Nowak", "Petrov", "Ivanova", "Novák", "Horvat",
  "Tanaka", "Sato", "Nakamura", "Kim", "Park", "Choi", "Lindqvist", "Johansson", "Müller", "Schmidt",
  "Dubois", "Lefèvre", "Rossi", "Bianchi", "O'Brien", "Murphy", "Papadopoulos", "Yılmaz", "Kaya",
  "Cohen", "Levi", "da Silva", "Santos", "Oliveira", "MacDonald", "McDonald", "Fitzgerald", "Thompson", "Walker",
] as const;

export const COMPANIES = [
  "Northwind Traders", "Northwind Logistics", "Blue Harbor Marine", "Harbor Dental Group", "Summit Roofing",
  "Summit Financial Partners", "Greenleaf Clinic", "Greenleaf Landscaping", "Brightside Realty", "Ironwood Builders",
  "Maple Street Bakery", "Cedar & Pine Architects", "Lakeshore Insurance", "Redwood Analytics", "Silver Birch Software",
  "Orchard Family Medicine", "Copperline Electric", "Atlas Freight", "Atlas Coffee Roasters", "Pioneer Plumbing",
  "Keystone Accounting", "Bluebird Daycare", "Riverbend Veterinary", "Starlight Events", "Granite Peak Outfitters",
  "Hollow Oak Furniture", "Sunrise Solar", "Vantage Legal", "Meridian Health", "Crescent Hotels",
  "Evergreen Property Management", "Falcon Security", "Willow Creek School", "Sapphire Salon", "Cobalt Robotics",
  "Harvest Table Catering", "Golden Gate Tile", "Prairie Wind Energy", "Lighthouse Tutoring", "Quarry Stone Supply",
  "Tidewater Fisheries", "Oakridge Auto Repair", "Juniper Yoga", "Beacon Hill Pharmacy", "Pinnacle Staffing",
  "Driftwood Design Studio", "Kingfisher Travel", "Cardinal Printing", "Mosaic Marketing", "Velvet Sky Bridal",
] as const;

export const JOB_TITLES = [
  "Office Manager", "Chief Financial Officer", "Operations Director", "Procurement Lead", "Account Executive",
  "Project Manager", "Site Foreman", "Practice Manager", "Head of IT", "Owner", "Founder", "Dental Hygienist",
  "Property Manager", "Bookkeeper", "HR Generalist", "Sales Manager", "Warehouse Supervisor", "Paralegal",
  "Nurse Practitioner", "Real Estate Agent", "Claims Adjuster", "Customer Success Manager", "Electrician", "Principal",
] as const;

export const TAGS = ["client", "vendor", "lead", "vip", "supplier", "family", "friend", "neighbor", "school", "doctor", "contractor", "partner"] as const;

export const PERSONAL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "hotmail.com"] as const;

/** US area codes the generated numbers use (E.164 +1 NXX NXX XXXX). */
export const AREA_CODES = ["212", "312", "415", "512", "617", "206", "303", "404", "305", "713", "773", "646", "718", "202", "480", "503", "619", "702", "919", "971"] as const;

export const CITIES = ["Lisbon", "Denver", "Osaka", "Nairobi", "Toronto", "Mexico City", "Seoul", "Krakow", "Austin", "Dublin", "Marrakesh", "Vancouver"] as const;
export const STREETS = ["Maple Avenue", "Oak Street", "Lakeview Drive", "Elm Court", "Harbor Road", "Juniper Lane", "Mission Street", "Cedar Boulevard", "Willow Way", "Birch Terrace"] as const;
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] as const;
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;
export const TIMES = ["8:30", "9:00", "10:15", "11:00", "12:30", "1:45", "2:00", "3:30", "4:15", "5:00", "6:30", "7:00"] as const;
export const KIDS = ["Maya", "Leo", "Zara", "Ethan", "Nia", "Kai", "Sofia", "Omar", "Ruby", "Theo"] as const;
export const PETS = ["Biscuit", "Pepper", "Mochi", "Rocket", "Juniper", "Waffles", "Ziggy", "Luna"] as const;
export const RELATIVES = ["Grandma", "Aunt Rosa", "Uncle Pete", "Mom", "Dad", "cousin Dana", "Grandpa Joe"] as const;
export const RESTAURANTS = ["Luigi's Trattoria", "the Blue Door Bistro", "Pho Saigon", "Casa Oaxaca", "the Golden Dragon", "Taverna Athena", "Sakura Sushi"] as const;
