import { CITIES, COMPANIES, KIDS, MONTHS, PETS, RELATIVES, RESTAURANTS, STREETS, TIMES, WEEKDAYS } from "./pools";
import type { Random } from "./random";
import type { Slots } from "./topics";

/**
 * Text messages, tasks, calendar events, reminders and contact notes: each made from a template
 * (several wordings) and its slots. `gist`: how a user would look the item up later, in words
 * partly their own (a few of the item's words plus others), used only to write queries; the
 * labels come from the template and slots each item was generated with.
 */
export interface Template {
  id: string;
  slots(r: Random): Slots;
  /** Wordings; for tasks, events and reminders each is "title|second field[|third field]". */
  texts: string[];
  /** Gist descriptions for queries (empty: not used for gist queries, e.g. "ok thanks"). */
  gist: string[];
  /** The slots that single an item out (a gist query names these; items agreeing on them are relevant). */
  key: string[];
}

const n = (r: Random, min: number, max: number) => String(r.int(min, max));
const money = (r: Random, min: number, max: number) => `$${(Math.round(r.int(min, max) / 5) * 5).toLocaleString("en-US")}`;

export const MESSAGE_TEMPLATES: Template[] = [
  {
    id: "late",
    slots: (r) => ({ mins: r.pick(["5", "10", "15", "20", "30"]), excuse: r.pick(["traffic on the bridge is awful", "the train is stuck outside the station", "just leaving the dentist", "parking is impossible here", "the kids took forever to get ready"]) }),
    texts: ["running {mins} minutes late, {excuse}", "sorry!! {mins} min late, {excuse}", "gonna be about {mins} minutes behind, {excuse}"],
    gist: ["text saying they'd be late because {excuse}"],
    key: ["excuse"],
  },
  {
    id: "keys",
    slots: (r) => ({ color: r.pick(["blue", "red", "green", "terracotta", "white"]), spot: r.pick(["flowerpot by the back door", "doormat", "loose brick next to the garage", "planter on the porch"]) }),
    texts: ["I left the keys under the {color} {spot}", "keys are under the {color} {spot} 🔑", "spare key: {color} {spot}"],
    gist: ["where they hid the key, the {color} {spot}"],
    key: ["color", "spot"],
  },
  {
    id: "push-meeting",
    slots: (r) => ({ meeting: r.pick(["our 1:1", "the budget meeting", "the call with the architect", "coffee", "the design review"]), day: r.pick(WEEKDAYS) }),
    texts: ["can we push {meeting} to {day}?", "would you mind moving {meeting} to {day}", "need to bump {meeting} to {day}, sorry"],
    gist: ["asked to move {meeting} to {day}"],
    key: ["meeting", "day"],
  },
  {
    id: "photos",
    slots: (r) => ({ room: r.pick(["kitchen", "bathroom remodel", "backyard deck", "new office", "living room"]), who: r.pick(["the contractor", "the painter", "my sister", "the landlord"]) }),
    texts: ["did you get the photos of the {room}? {who} sent them this morning", "sending you pics of the {room} from {who}", "photos of the {room} are in your inbox, {who} took them"],
    gist: ["pictures of the {room} from {who}"],
    key: ["room", "who"],
  },
  {
    id: "package",
    slots: (r) => ({ store: r.pick(["the hardware store", "the bookshop", "Grandma", "the camera shop", "IKEA"]), where: r.pick(["front porch", "mailroom", "neighbor's place", "lobby"]) }),
    texts: ["the package from {store} arrived, it's on the {where}", "your box from {store} came today, left it at the {where}", "delivery from {store} is at the {where}"],
    gist: ["the box from {store} that was delivered to the {where}"],
    key: ["store", "where"],
  },
  {
    id: "birthday",
    slots: (r) => ({ wish: r.pick(["hope the cake is chocolate", "enjoy the big four-oh", "drinks on me next week", "have the best day"]) }),
    texts: ["happy birthday!! {wish} 🎂", "HBD! {wish}", "happy birthday friend, {wish}"],
    gist: ["birthday wishes saying {wish}"],
    key: ["wish"],
  },
  {
    id: "meet-at",
    slots: (r) => ({ place: r.pick(["the dentist", "the farmers market", "the north entrance of the stadium", "the library steps", "gate B12"]), time: r.pick(TIMES) }),
    texts: ["see you at {place} at {time}", "meet you at {place}, {time}?", "I'll be at {place} by {time}"],
    gist: ["meeting up at {place} at {time}"],
    key: ["place", "time"],
  },
  {
    id: "pick-up",
    slots: (r) => ({ item: r.pick(["milk and eggs", "the dry cleaning", "a birthday card", "dog food", "printer ink", "the prescription"]) }),
    texts: ["can you pick up {item} on the way home?", "grab {item} if you pass the store pls", "don't forget {item} tonight"],
    gist: ["asked me to buy {item} on the way back"],
    key: ["item"],
  },
  {
    id: "sick-kid",
    slots: (r) => ({ kid: r.pick(KIDS), symptom: r.pick(["a fever", "a bad cough", "an ear infection", "the stomach bug"]) }),
    texts: ["{kid} has {symptom}, I'm staying home today", "can't come in, {kid} woke up with {symptom}", "{kid} is home with {symptom}, working remote"],
    gist: ["staying home because {kid} is sick with {symptom}"],
    key: ["kid", "symptom"],
  },
  {
    id: "invoice-paid",
    slots: (r) => ({ invoice: n(r, 1000, 9999), confirmation: `${r.pick(["TX", "PMT", "CNF"])}${n(r, 100000, 999999)}` }),
    texts: ["invoice {invoice} is paid, confirmation {confirmation}", "paid #{invoice} this morning, ref {confirmation}", "payment for invoice {invoice} went out, confirmation number {confirmation}"],
    gist: ["payment confirmation for invoice {invoice}"],
    key: ["invoice"],
  },
  {
    id: "contractor-done",
    slots: (r) => ({ fixture: r.pick(["deck", "bathroom tile", "fence", "water heater", "kitchen cabinets"]), day: r.pick(WEEKDAYS) }),
    texts: ["contractor says the {fixture} will be done by {day}", "update: {fixture} should be finished {day}", "the {fixture} job wraps up {day} apparently"],
    gist: ["when the {fixture} work will be finished"],
    key: ["fixture"],
  },
  {
    id: "dinner-booking",
    slots: (r) => ({ restaurant: r.pick(RESTAURANTS), day: r.pick(["Friday", "Saturday"]), people: r.pick(["four", "six", "eight"]) }),
    texts: ["booked {restaurant} for {day}, table for {people}", "dinner at {restaurant} {day}? I reserved for {people}", "we're set: {restaurant}, {day}, {people} people"],
    gist: ["restaurant reservation at {restaurant} for {people}"],
    key: ["restaurant", "people"],
  },
  {
    id: "practice-moved",
    slots: (r) => ({ kid: r.pick(KIDS), activity: r.pick(["soccer", "swim", "piano", "basketball", "karate"]), time: r.pick(TIMES) }),
    texts: ["heads up: {kid}'s {activity} practice moved to {time}", "{activity} for {kid} is at {time} now", "coach says {activity} starts {time} this week ({kid})"],
    gist: ["new time for {kid}'s {activity}"],
    key: ["kid", "activity"],
  },
  {
    id: "prescription",
    slots: (r) => ({ pharmacy: r.pick(["Beacon Hill Pharmacy", "the CVS on Main", "Walgreens by the park"]), med: r.pick(["amoxicillin", "inhaler refill", "allergy pills", "blood pressure meds"]) }),
    texts: ["your {med} is ready for pickup at {pharmacy}", "{pharmacy}: {med} ready to collect", "reminder from {pharmacy} - {med} is ready"],
    gist: ["pharmacy says the {med} can be picked up"],
    key: ["med"],
  },
  {
    id: "gate-code",
    slots: (r) => ({ code: n(r, 1000, 9999), apt: n(r, 2, 48) }),
    texts: ["gate code is {code}, buzz apartment {apt}", "code for the gate: {code}. we're in {apt}", "punch in {code} at the gate then apt {apt}"],
    gist: ["the gate code for apartment {apt}"],
    key: ["apt", "code"],
  },
  {
    id: "thanks-gift",
    slots: (r) => ({ gift: r.pick(["flowers", "wine", "cookbook", "baby blanket", "concert tickets", "plant"]) }),
    texts: ["thank you so much for the {gift}, we love it", "the {gift} was such a sweet surprise, thanks!", "thanks for the {gift} ❤️"],
    gist: ["thank-you note for the {gift} we gave"],
    key: ["gift"],
  },
  {
    id: "flight-lands",
    slots: (r) => ({ code: `${r.pick(["UA", "DL", "AA", "BA", "LH"])}${n(r, 100, 2999)}`, time: r.pick(TIMES), terminal: r.pick(["A", "B", "C", "2", "5"]) }),
    texts: ["flight {code} lands at {time}, terminal {terminal}", "landing {time}, {code}, meet me at terminal {terminal}?", "on {code}, arriving {time} term {terminal}"],
    gist: ["airport pickup, flight {code}"],
    key: ["code"],
  },
  {
    id: "quote",
    slots: (r) => ({ job: r.pick(["gutter cleaning", "interior painting", "tree removal", "carpet cleaning", "window replacement"]), amount: money(r, 150, 6000) }),
    texts: ["quote for the {job} is attached, {amount} all in", "{job}: {amount} including materials", "here's our price for the {job}, {amount}"],
    gist: ["estimate for {job}"],
    key: ["job"],
  },
  {
    id: "cant-make-it",
    slots: (r) => ({ event: r.pick(["book club", "the school fundraiser", "trivia night", "the neighborhood meeting", "choir rehearsal"]), reason: r.pick(["work is crazy", "my car broke down", "I'm coming down with something", "babysitter cancelled"]) }),
    texts: ["can't make it to {event} tonight, {reason}", "gonna skip {event}, {reason} 😞", "sorry, {reason}, so no {event} for me"],
    gist: ["bailing on {event} because {reason}"],
    key: ["event", "reason"],
  },
  {
    id: "lost-pet",
    slots: (r) => ({ pet: r.pick(PETS), street: r.pick(STREETS) }),
    texts: ["{pet} got out again, have you seen him near {street}?", "has anyone seen {pet}? last spotted on {street}", "{pet} escaped the yard, heading toward {street}"],
    gist: ["the dog {pet} ran away"],
    key: ["pet"],
  },
  {
    id: "sign-document",
    slots: (r) => ({ document: r.pick(["lease renewal", "permission slip", "NDA", "change order", "closing disclosure"]), day: r.pick(WEEKDAYS) }),
    texts: ["please sign the {document} before {day}", "need your signature on the {document} by {day}", "the {document} has to be signed by {day}"],
    gist: ["a {document} I have to sign"],
    key: ["document"],
  },
  {
    id: "notes-shared",
    slots: (r) => ({ company: r.pick(COMPANIES) }),
    texts: ["meeting notes from {company} are in the shared folder", "uploaded the {company} notes to the drive", "{company} call notes are in the team folder"],
    gist: ["where the {company} meeting notes are"],
    key: ["company"],
  },
  {
    id: "power-out",
    slots: (r) => ({ street: r.pick(STREETS), place: r.pick(["coffee shop", "library", "coworking space"]) }),
    texts: ["power's out on {street}, working from the {place}", "blackout on {street} so I'm at the {place}", "no electricity on {street}, reach me at the {place}"],
    gist: ["power outage, working from the {place}"],
    key: ["street", "place"],
  },
  {
    id: "for-sale",
    slots: (r) => ({ item: r.pick(["bike", "standing desk", "kayak", "crib", "snowblower", "sofa"]), price: money(r, 40, 600) }),
    texts: ["is the {item} still for sale? I can do {price}", "interested in your {item}, would you take {price}?", "still have the {item}? {price} cash"],
    gist: ["someone offering to buy the {item}"],
    key: ["item"],
  },
  {
    id: "short",
    slots: (r) => ({ text: r.pick(["ok", "thanks!", "sounds good", "on my way", "call me when you can", "👍", "perfect, see you then", "lol yes", "will do", "got it, thanks"]) }),
    texts: ["{text}"],
    gist: [],
    key: ["text"],
  },
];

export const TASK_TEMPLATES: Template[] = [
  {
    id: "quote",
    slots: (r) => ({ company: r.pick(COMPANIES), percent: n(r, 5, 20), product: r.pick(["premium plan", "enterprise license", "support contract", "maintenance agreement"]) }),
    texts: ["Send revised quote to {company}|Include the {percent}% multi-year discount on the {product}.", "Revise {company} quote|{percent}% off the {product} if they sign for three years."],
    gist: ["new pricing proposal for {company}", "{company} discount offer"],
    key: ["company"],
  },
  {
    id: "invoice-follow-up",
    slots: (r) => ({ invoice: n(r, 1000, 9999), company: r.pick(COMPANIES) }),
    texts: ["Follow up with {company} about invoice {invoice}|Still unpaid after 45 days; ask for a payment date.", "Chase payment of invoice {invoice}|{company} promised to pay last month."],
    gist: ["remind {company} to pay invoice {invoice}", "overdue bill {invoice}"],
    key: ["invoice"],
  },
  {
    id: "inspection",
    slots: (r) => ({ number: n(r, 10, 990), street: r.pick(STREETS) }),
    texts: ["Book inspection for {number} {street}|The city needs two weeks notice; ask for a morning slot.", "Schedule the building inspection at {number} {street}|Permit office closes at 3 on Fridays."],
    gist: ["get the city to inspect {number} {street}"],
    key: ["number", "street"],
  },
  {
    id: "order-parts",
    slots: (r) => ({ part: r.pick(["air filters", "printer toner", "drill bits", "safety gloves", "HVAC belts", "label tape"]), machine: r.pick(["the warehouse", "the front office", "truck 3", "the workshop"]) }),
    texts: ["Order replacement {part} for {machine}|Model number is on the sticker inside the door.", "Reorder {part} ({machine})|We are down to the last box."],
    gist: ["buy more {part} for {machine}"],
    key: ["part", "machine"],
  },
  {
    id: "call-back",
    slots: (r) => ({ who: `${r.pick(["Rosa", "Kevin", "Aylin", "Farid", "Mirela", "Gustavo", "Hana"])} at ${r.pick(COMPANIES)}`, what: r.pick(["the site visit", "the demo", "the contract review", "the delivery window"]) }),
    texts: ["Call back {who}|Wants to reschedule {what}.", "Return call: {who}|About {what}; prefers afternoons."],
    gist: ["phone {who} back about {what}"],
    key: ["who"],
  },
  {
    id: "renew-insurance",
    slots: (r) => ({ policy: r.pick(["car insurance", "umbrella policy", "business liability insurance", "renters insurance", "workers comp policy"]), month: r.pick(MONTHS) }),
    texts: ["Renew the {policy}|Expires in {month}; compare the premium with last year.", "{policy} renewal|Due {month}, get two competing quotes first."],
    gist: ["shop around for {policy} before {month}"],
    key: ["policy"],
  },
  {
    id: "slides",
    slots: (r) => ({ meeting: r.pick(["the board meeting", "the quarterly business review", "the investor update", "the all-hands", "the client pitch"]), topic: r.pick(["hiring plan", "Q3 revenue", "customer churn", "the new pricing", "expansion to Denver"]) }),
    texts: ["Prepare slides for {meeting}|Cover {topic} and next steps.", "Deck for {meeting}|Ten slides max, start with {topic}."],
    gist: ["presentation about {topic} for {meeting}"],
    key: ["meeting", "topic"],
  },
  {
    id: "pay-bill",
    slots: (r) => ({ bill: r.pick(["electricity", "water", "internet", "property tax", "trash collection", "phone"]), amount: money(r, 30, 4000) }),
    texts: ["Pay the {bill} bill|{amount}, autopay failed this month.", "{bill} bill due|Pay {amount} online before the late fee."],
    gist: ["settle the {bill} payment"],
    key: ["bill"],
  },
  {
    id: "kid-appointment",
    slots: (r) => ({ kid: r.pick(KIDS), appointment: r.pick(["dentist checkup", "eye exam", "flu shot", "haircut", "orthodontist visit"]) }),
    texts: ["Schedule {kid}'s {appointment}|Before school starts; mornings are best.", "Book {appointment} for {kid}|Check the insurance card first."],
    gist: ["make an appointment for {kid}: {appointment}"],
    key: ["kid", "appointment"],
  },
  {
    id: "contract-review",
    slots: (r) => ({ company: r.pick(COMPANIES), clause: r.pick(["termination clause", "auto-renewal terms", "liability cap", "payment schedule", "non-compete"]) }),
    texts: ["Review the contract draft from {company}|Check the {clause} before signing.", "Read {company} agreement|Legal flagged the {clause}."],
    gist: ["look over the {company} agreement, especially the {clause}"],
    key: ["company", "clause"],
  },
  {
    id: "website",
    slots: (r) => ({ page: r.pick(["pricing", "team", "careers", "contact", "FAQ"]), change: r.pick(["new photos", "the updated prices", "the new office address", "two open roles"]) }),
    texts: ["Update the website's {page} page|Add {change}.", "Website: {page} page|Put up {change} this week."],
    gist: ["change the {page} page on our site"],
    key: ["page", "change"],
  },
  {
    id: "gift",
    slots: (r) => ({ gift: r.pick(["a scarf", "a board game", "flowers", "a cookbook", "noise-cancelling headphones"]), relative: r.pick(RELATIVES), occasion: r.pick(["birthday", "anniversary", "retirement"]) }),
    texts: ["Buy {gift} for {relative}'s {occasion}|Order by the weekend so it arrives in time.", "Gift for {relative}|{gift}, {occasion} is next week."],
    gist: ["present for {relative}'s {occasion}"],
    key: ["relative", "occasion"],
  },
  {
    id: "expenses",
    slots: (r) => ({ city: r.pick(CITIES), amount: money(r, 200, 3000) }),
    texts: ["File expense report for the {city} trip|Receipts are in the blue folder, {amount} total.", "Expenses: {city}|Submit {amount} of receipts before month end."],
    gist: ["get reimbursed for the {city} travel"],
    key: ["city"],
  },
  {
    id: "fix",
    slots: (r) => ({ fixture: r.pick(["leaky faucet in the break room", "broken gate latch", "flickering lights in the hallway", "squeaky office door", "jammed paper shredder"]) }),
    texts: ["Fix the {fixture}|Ask maintenance or buy the part ourselves.", "Get someone to repair the {fixture}|It's been like this for weeks."],
    gist: ["repair the {fixture}"],
    key: ["fixture"],
  },
  {
    id: "interview",
    slots: (r) => ({ candidate: `${r.pick(["Marcus", "Yasmin", "Pablo", "Keiko", "Tobias", "Amara", "Ravi", "Colette"])} ${r.pick(["Bell", "Ortega", "Fujita", "Weber", "Obi", "Desai", "Laurent"])}`, role: r.pick(["warehouse supervisor", "junior accountant", "dental hygienist", "front-end developer", "receptionist"]) }),
    texts: ["Interview {candidate} for {role}|Prepare the case study and ask about availability.", "Second interview: {candidate}|{role} position, 45 minutes."],
    gist: ["meet the {role} applicant {candidate}"],
    key: ["candidate"],
  },
  {
    id: "software-accounts",
    slots: (r) => ({ software: r.pick(["the CRM", "payroll", "the inventory tracker", "email", "the VPN"]), people: n(r, 2, 9) }),
    texts: ["Set up {software} accounts for new hires|{people} people start on Monday.", "Create logins for {software}|For the {people} new starters."],
    gist: ["give the new employees access to {software}"],
    key: ["software"],
  },
  {
    id: "cancel",
    slots: (r) => ({ service: r.pick(["the old phone line", "the magazine subscription", "the storage unit", "the unused software seats", "the parking permit"]) }),
    texts: ["Cancel {service}|We are paying for nothing.", "Stop {service}|Check the notice period first."],
    gist: ["get rid of {service}"],
    key: ["service"],
  },
];

export const EVENT_TEMPLATES: Template[] = [
  {
    id: "dentist",
    slots: (r) => ({ doctor: r.pick(["Dr. Patel", "Dr. Moreau", "Dr. Kim", "Dr. Haddad"]), clinic: r.pick(["Harbor Dental Group", "Smile Studio", "Downtown Dental"]) }),
    texts: ["Dentist appointment|Cleaning and x-rays with {doctor}|{clinic}", "Teeth cleaning|{doctor}, bring insurance card|{clinic}"],
    gist: ["dental visit with {doctor}"],
    key: ["doctor"],
  },
  {
    id: "quarterly-review",
    slots: (r) => ({ company: r.pick(COMPANIES), room: r.pick(["Conference Room B", "the Zoom link", "their office", "the Lakeview room"]) }),
    texts: ["Quarterly review with {company}|Renewal status and roadmap|{room}", "QBR: {company}|Usage numbers and next quarter's goals|{room}"],
    gist: ["business review meeting with {company}"],
    key: ["company"],
  },
  {
    id: "recital",
    slots: (r) => ({ kid: r.pick(KIDS), school: r.pick(["Lincoln Elementary", "Willow Creek School", "the community center", "Oak Street Middle School"]), kind: r.pick(["piano recital", "school play", "spring concert", "dance show"]) }),
    texts: ["{kid}'s {kind}|Arrive 20 minutes early for seats|{school}", "{kind} ({kid})|Bring flowers|{school}"],
    gist: ["{kid} performing at {school}"],
    key: ["kid", "kind"],
  },
  {
    id: "site-visit",
    slots: (r) => ({ number: n(r, 10, 990), street: r.pick(STREETS) }),
    texts: ["Site visit at {number} {street}|Walk through with the foreman; wear boots|{number} {street}", "Walkthrough {number} {street}|Check framing progress|{number} {street}"],
    gist: ["go see the construction at {number} {street}"],
    key: ["number", "street"],
  },
  {
    id: "flight",
    slots: (r) => ({ city: r.pick(CITIES), code: `${r.pick(["UA", "DL", "AA", "BA", "LH"])}${n(r, 100, 2999)}`, seat: `${n(r, 3, 38)}${r.pick(["A", "C", "D", "F"])}` }),
    texts: ["Flight to {city}|{code}, seat {seat}|Airport", "{code} to {city}|Check in online 24h before; seat {seat}|Terminal 2"],
    gist: ["when do I fly to {city}"],
    key: ["city", "code"],
  },
  {
    id: "lunch",
    slots: (r) => ({ who: `${r.pick(["Rosa", "Kevin", "Aylin", "Farid", "Mirela", "Gustavo", "Hana"])} from ${r.pick(COMPANIES)}`, restaurant: r.pick(RESTAURANTS) }),
    texts: ["Lunch with {who}|Catch up about the partnership|{restaurant}", "Lunch: {who}|Their treat this time|{restaurant}"],
    gist: ["eating out with {who}"],
    key: ["who"],
  },
  {
    id: "parent-teacher",
    slots: (r) => ({ kid: r.pick(KIDS), teacher: r.pick(["Ms. Alvarez", "Mr. Okafor", "Mrs. Lindqvist", "Ms. Tanaka"]), room: n(r, 101, 230) }),
    texts: ["Parent-teacher conference|{kid}'s progress with {teacher}, room {room}|School", "Meet {teacher}|About {kid}'s reading level, room {room}|School"],
    gist: ["talk to {teacher} about how {kid} is doing"],
    key: ["kid", "teacher"],
  },
  {
    id: "car-service",
    slots: (r) => ({ garage: r.pick(["Oakridge Auto Repair", "Quick Lube on 5th", "the dealership"]), work: r.pick(["oil change and tire rotation", "brake pads", "annual inspection", "winter tires"]) }),
    texts: ["Car service|{work}|{garage}", "Drop off the car|{work}; ask for a loaner|{garage}"],
    gist: ["take the car in for {work}"],
    key: ["work"],
  },
  {
    id: "vet",
    slots: (r) => ({ pet: r.pick(PETS), reason: r.pick(["vaccines", "limping", "dental cleaning", "annual checkup"]) }),
    texts: ["Vet appointment for {pet}|{reason}|Riverbend Veterinary", "{pet} to the vet|{reason}; no food after midnight|Riverbend Veterinary"],
    gist: ["animal doctor for {pet}"],
    key: ["pet", "reason"],
  },
  {
    id: "book-club",
    slots: (r) => ({ book: r.pick(["The Overstory", "Pachinko", "Circe", "Klara and the Sun", "The Remains of the Day"]), host: r.pick(["Nadia's", "Tom's", "the library"]) }),
    texts: ["Book club: {book}|Bring snacks|{host}", "Book club|Discussing {book}|{host}"],
    gist: ["reading group discussing {book}"],
    key: ["book"],
  },
  {
    id: "contract-signing",
    slots: (r) => ({ company: r.pick(COMPANIES) }),
    texts: ["Contract signing with {company}|Bring two printed copies|Their office", "Sign agreement: {company}|Legal to join by video|Conference Room A"],
    gist: ["finalize the deal with {company}"],
    key: ["company"],
  },
];

export const REMINDER_TEMPLATES: Template[] = [
  {
    id: "medication",
    slots: (r) => ({ med: r.pick(["blood pressure pills", "vitamin D", "thyroid medication", "antibiotics", "iron supplement"]), when: r.pick(["with breakfast", "before bed", "with water after lunch"]) }),
    texts: ["Take {med}|Time to take your {med} {when}.", "{med}|Don't forget the {med}, {when}."],
    gist: ["remember my {med}"],
    key: ["med"],
  },
  {
    id: "bill",
    slots: (r) => ({ bill: r.pick(["electricity", "credit card", "mortgage", "car loan", "daycare"]), day: r.pick(["first", "fifth", "fifteenth", "twentieth"]) }),
    texts: ["Pay the {bill} bill|The {bill} payment is due on the {day}.", "{bill} payment|Due the {day} of the month."],
    gist: ["money due for the {bill}"],
    key: ["bill"],
  },
  {
    id: "water-plants",
    slots: (r) => ({ plants: r.pick(["tomatoes", "herb garden", "office ferns", "orchids", "lawn"]) }),
    texts: ["Water the {plants}|The {plants} need water before noon.", "{plants}|Water them, it's going to be hot."],
    gist: ["the {plants} need watering"],
    key: ["plants"],
  },
  {
    id: "call-relative",
    slots: (r) => ({ relative: r.pick(RELATIVES), occasion: r.pick(["her birthday", "his birthday", "their anniversary", "the surgery"]) }),
    texts: ["Call {relative}|Ring {relative} about {occasion}.", "Phone {relative}|Check in after {occasion}."],
    gist: ["ring {relative} for {occasion}"],
    key: ["relative", "occasion"],
  },
  {
    id: "renew-document",
    slots: (r) => ({ document: r.pick(["passport", "driver's license", "car registration", "business license", "professional certification"]), month: r.pick(MONTHS) }),
    texts: ["Renew {document}|Your {document} expires in {month}.", "{document} renewal|Expires {month}; book an appointment."],
    gist: ["my {document} is about to expire"],
    key: ["document"],
  },
  {
    id: "bins",
    slots: (r) => ({ bin: r.pick(["recycling", "compost", "trash"]), day: r.pick(WEEKDAYS) }),
    texts: ["Put the {bin} out|Pickup is {day} morning.", "{bin} bins|Curbside by {day} 7am."],
    gist: ["take the {bin} to the curb"],
    key: ["bin"],
  },
  {
    id: "filter",
    slots: (r) => ({ filter: r.pick(["furnace", "water", "air purifier", "fridge water"]) }),
    texts: ["Change the {filter} filter|Every three months; spare is in the garage.", "{filter} filter|Replace it this weekend."],
    gist: ["swap the {filter} filter"],
    key: ["filter"],
  },
  {
    id: "timesheet",
    slots: (r) => ({ day: r.pick(["Friday", "Monday"]), system: r.pick(["the payroll portal", "the client's timesheet tool"]) }),
    texts: ["Submit timesheet|Hours go into {system} by {day}.", "Timesheet due|Log the week's hours in {system}."],
    gist: ["log my hours in {system}"],
    key: ["system"],
  },
];

export const NOTE_TEMPLATES: Template[] = [
  {
    id: "met-at",
    slots: (r) => ({ event: r.pick(["trade show", "chamber of commerce breakfast", "industry conference", "charity gala"]), city: r.pick(CITIES), plan: r.pick(["premium", "starter", "enterprise"]) }),
    texts: ["Met at the {event} in {city}; interested in the {plan} plan.", "We met at the {city} {event}. Asked about the {plan} tier."],
    gist: ["the person I met at the {event} in {city}"],
    key: ["event", "city"],
  },
  {
    id: "allergy",
    slots: (r) => ({ allergen: r.pick(["shellfish", "peanuts", "gluten", "dairy", "sesame"]) }),
    texts: ["Allergic to {allergen}, keep that in mind for lunches.", "Severe {allergen} allergy! Check menus before booking."],
    gist: ["who can't eat {allergen}"],
    key: ["allergen"],
  },
  {
    id: "prefers",
    slots: (r) => ({ channel: r.pick(["texts", "email", "WhatsApp"]), when: r.pick(["in the morning", "after 4pm", "on weekends only"]) }),
    texts: ["Prefers {channel} over calls; best reached {when}.", "Don't call, send {channel}. Answers {when}."],
    gist: [],
    key: ["channel", "when"],
  },
  {
    id: "kid-sport",
    slots: (r) => ({ kid: r.pick(KIDS), sport: r.pick(["soccer", "hockey", "volleyball", "little league"]) }),
    texts: ["Daughter {kid} plays {sport} with ours on Saturdays.", "Their kid {kid} is on the same {sport} team as ours."],
    gist: ["parent of {kid} from {sport}"],
    key: ["kid", "sport"],
  },
  {
    id: "referral",
    slots: (r) => ({ referrer: `${r.pick(["Rosa", "Kevin", "Aylin", "Farid", "Mirela", "Gustavo", "Hana"])} ${r.pick(["Bell", "Ortega", "Fujita", "Weber", "Obi"])}`, dept: r.pick(["IT", "facilities", "marketing", "fleet"]) }),
    texts: ["Referred by {referrer}; decision maker for {dept} purchases.", "{referrer} introduced us. Signs off on {dept} spending."],
    gist: ["contact {referrer} introduced us to"],
    key: ["referrer"],
  },
  {
    id: "budget",
    slots: (r) => ({ amount: r.pick(["$5,000", "$10,000", "$25,000", "$50,000"]) }),
    texts: ["Needs CFO approval for anything above {amount}.", "Budget authority capped at {amount}; bigger deals go to finance."],
    gist: [],
    key: ["amount"],
  },
  {
    id: "language",
    slots: (r) => ({ language: r.pick(["Spanish", "Portuguese", "Mandarin", "French", "Arabic", "Polish"]) }),
    texts: ["Speaks {language}; send documents in {language} when possible.", "Native {language} speaker, more comfortable in {language}."],
    gist: ["client who prefers {language}"],
    key: ["language"],
  },
  {
    id: "pet",
    slots: (r) => ({ pet: r.pick(["golden retriever", "parrot", "two cats", "bearded dragon", "corgi"]), name: r.pick(PETS) }),
    texts: ["Has a {pet} named {name}.", "Ask about {name}, their {pet}."],
    gist: ["owner of a {pet} called {name}"],
    key: ["pet", "name"],
  },
  {
    id: "landlord",
    slots: (r) => ({ street: r.pick(STREETS) }),
    texts: ["Landlord for the {street} apartment; call about repairs.", "Owns our unit on {street}, handles maintenance."],
    gist: ["landlord of the {street} place"],
    key: ["street"],
  },
  {
    id: "leave",
    slots: (r) => ({ month: r.pick(MONTHS), backup: r.pick(["Rosa", "Kevin", "Aylin", "Farid"]) }),
    texts: ["On parental leave until {month}; {backup} covers the account.", "Out until {month} (parental leave), talk to {backup} meanwhile."],
    gist: ["on leave until {month}, {backup} is covering"],
    key: ["month", "backup"],
  },
];

/** `template` with each {slot} replaced. */
export function fill(template: string, slots: Slots): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`no slot ${name} for "${template}"`);
    return value;
  });
}

export const DAY_MS = 86_400_000;
export { TIMES, WEEKDAYS };
