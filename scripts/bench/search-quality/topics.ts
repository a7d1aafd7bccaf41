import { CITIES, KIDS, MONTHS, RELATIVES, RESTAURANTS, STREETS, TIMES, WEEKDAYS } from "./pools";
import type { Random } from "./random";

/**
 * What the generated calls are about. Each topic has its slots (the details that make one call
 * differ from another of the same topic), several wordings of every line, summaries and topic
 * labels as an analyser would write them, and `ask`: how a user would later describe such a call
 * in a search box, in words of their own (paraphrases, not the transcript's words).
 */

export type Slots = Record<string, string>;

export interface CallTopic {
  id: string;
  /** Personal calls have no company in their summary. */
  personal: boolean;
  slots(r: Random): Slots;
  /** Turns of the conversation in order: [who, alternative wordings]; 0 = the user, 1 = the other party. */
  turns: [0 | 1, string[]][];
  summaries: string[];
  labels: string[][];
  /** A user's description of the call, never copied from the lines above. */
  ask: string[];
}

const money = (r: Random, min: number, max: number, step = 50) => `$${(Math.round(r.int(min, max) / step) * step).toLocaleString("en-US")}`;

export const CALL_TOPICS: CallTopic[] = [
  {
    id: "renewal-price",
    personal: false,
    slots: (r) => ({
      product: r.pick(["premium plan", "enterprise license", "support contract", "fleet tracking subscription", "analytics add-on", "maintenance agreement"]),
      percent: String(r.int(8, 25)),
      term: r.pick(["two-year", "three-year", "multi-year"]),
      month: r.pick(MONTHS),
    }),
    turns: [
      [1, [
        "Our {product} is up for renewal in {month} and the quote you sent is {percent} percent higher than last year.",
        "I'm calling about the {product} renewal, the new number came in about {percent} percent above what we pay now.",
        "We got the renewal notice for the {product} and honestly an increase of {percent} percent caught us off guard.",
      ]],
      [0, [
        "I understand, our costs went up too, but let me see what I can do before the contract expires.",
        "Let me talk to my manager about holding last year's rate for you.",
        "I hear you. I can look at a discount if it helps you stay with us.",
      ]],
      [1, [
        "Is there any flexibility if we sign a {term} agreement?",
        "Could you do better on the rate if we commit to a {term} term?",
        "Our finance team wants to know whether a {term} deal would lock the price.",
      ]],
      [0, [
        "If you commit to a {term} term I can probably take a few points off.",
        "A {term} commitment would let me cap the increase.",
        "I'll send a revised quote with the {term} option by Friday.",
      ]],
    ],
    summaries: [
      "{first} from {company} pushed back on a {percent}% increase in the {product} renewal and asked about a {term} term.",
      "Renewal of the {product} for {company}: the quote is {percent}% higher; {first} wants a {term} deal to hold the price.",
    ],
    labels: [["renewal", "pricing"], ["contract renewal"], ["renewal", "discount"]],
    ask: [
      "the call where we talked about the renewal price",
      "how much more the subscription costs next year",
      "they complained the contract is getting more expensive",
      "price going up when they renew",
      "cheaper rate for a longer commitment",
    ],
  },
  {
    id: "invoice-dispute",
    personal: false,
    slots: (r) => ({
      invoice: String(r.int(1000, 9999)),
      amount: money(r, 300, 9000),
      issue: r.pick([
        "we were charged twice for the same order",
        "the total does not match the quote",
        "there is a late fee even though we paid on time",
        "our purchase order number is missing",
      ]),
    }),
    turns: [
      [1, [
        "I'm looking at invoice {invoice} and it says {amount}, but {issue}.",
        "There's a problem with invoice number {invoice}: {issue}.",
        "Quick question on invoice {invoice} for {amount}, {issue}.",
      ]],
      [0, [
        "Sorry about that, let me pull up the billing history.",
        "You're right, I can see the mistake on our side.",
        "Let me check with accounting what happened there.",
      ]],
      [1, [
        "Can you send a corrected invoice so we can pay it this month?",
        "We'd need a credit note before our accounts payable team releases anything.",
        "Please fix it before the end of the quarter, our books close soon.",
      ]],
      [0, [
        "I'll issue a credit note today and email you the corrected copy.",
        "Accounting will reverse the charge, you should see it in a few days.",
        "I'll void {invoice} and send a new one.",
      ]],
    ],
    summaries: [
      "{first} from {company} disputed invoice {invoice} ({amount}): {issue}. A corrected invoice was promised.",
      "Billing issue on invoice {invoice} for {company}; {issue}. Credit note to follow.",
    ],
    labels: [["billing", "invoice"], ["invoice dispute"], ["accounts payable"]],
    ask: [
      "the call about the billing mistake",
      "they said they were overcharged",
      "fixing an incorrect bill",
      "wrong charge on their statement",
      "customer disputing what we billed them",
    ],
  },
  {
    id: "reschedule",
    personal: false,
    slots: (r) => {
      const [from, to] = r.sample(WEEKDAYS, 2);
      return { what: r.pick(["the site visit", "the quarterly review", "the walkthrough", "the product demo", "the consultation", "the kickoff meeting"]), from: from!, to: to!, time: r.pick(TIMES) };
    },
    turns: [
      [1, [
        "Something came up and I can't make {what} on {from}.",
        "I need to move {what}, {from} doesn't work for us anymore.",
        "Any chance we could shift {what} away from {from}?",
      ]],
      [0, [
        "No problem, what works better for you?",
        "Sure, let me look at my calendar.",
        "That's fine, we're flexible this week.",
      ]],
      [1, [
        "How about {to} at {time}?",
        "Would {to} around {time} be okay?",
        "{to} at {time} is the only slot I have left.",
      ]],
      [0, [
        "{to} at {time} works, I'll send an updated invite.",
        "Great, I'll put {to} at {time} on the calendar.",
        "Perfect, see you {to} then.",
      ]],
    ],
    summaries: [
      "{first} moved {what} from {from} to {to} at {time}.",
      "Rescheduled {what} with {company}: now {to}, {time} (was {from}).",
    ],
    labels: [["scheduling"], ["scheduling", "meeting"], ["calendar"]],
    ask: [
      "call where we moved the meeting to another day",
      "they asked to reschedule",
      "changing the appointment to a different time",
      "pushing back our get-together",
    ],
  },
  {
    id: "login-support",
    personal: false,
    slots: (r) => ({
      app: r.pick(["the mobile app", "the customer portal", "the billing dashboard", "the scheduling tool", "the reporting site"]),
      error: r.pick([`error code ${r.int(400, 599)}`, "a blank white screen", "a spinning wheel that never stops", "an invalid token message"]),
      device: r.pick(["iPhone", "Android tablet", "work laptop", "Chromebook"]),
    }),
    turns: [
      [1, [
        "I can't log in to {app}, every time I try I get {error}.",
        "Since yesterday {app} shows {error} when I sign in.",
        "None of us can get into {app}, it just gives {error}.",
      ]],
      [0, [
        "Sorry to hear that. Which device are you on?",
        "Let's figure this out. Are you on a phone or a computer?",
        "Okay, what are you using to access it?",
      ]],
      [1, [
        "My {device}. I already reset my password twice.",
        "The {device}, and the password reset email never arrives.",
        "On the {device}, and I tried a different browser already.",
      ]],
      [0, [
        "I'll open a ticket and escalate it to our engineers right away.",
        "Let's clear the cache, and if that fails I'll have support call you back.",
        "I'm creating a priority ticket, you'll get an update within the hour.",
      ]],
    ],
    summaries: [
      "{first} ({company}) cannot sign in to {app} on a {device}: {error}. Ticket escalated.",
      "Access problem: {app} shows {error} for {company}; password resets did not help.",
    ],
    labels: [["support", "login"], ["technical issue"], ["support", "account access"]],
    ask: [
      "the call about not being able to sign in",
      "customer locked out of their account",
      "password reset not working",
      "trouble accessing the website",
    ],
  },
  {
    id: "delivery-delay",
    personal: false,
    slots: (r) => ({
      item: r.pick(["the steel beams", "the office chairs", "the replacement parts", "the tile order", "the laptops", "the solar panels", "the lumber"]),
      days: String(r.int(3, 14)),
      carrier: r.pick(["the freight company", "the courier", "our trucking partner", "the port"]),
    }),
    turns: [
      [1, [
        "We were supposed to get {item} on Monday and nothing has shown up.",
        "Where are {item}? The crew has been waiting all week.",
        "Still no sign of {item}, is there a tracking number?",
      ]],
      [0, [
        "I checked with {carrier}, there's a backlog and it's running about {days} days behind.",
        "{carrier} told me the shipment is held up, roughly {days} more days.",
        "Unfortunately {carrier} missed the pickup, so it's {days} days out.",
      ]],
      [1, [
        "That pushes our whole schedule, can you expedite it?",
        "We can't wait {days} days, is there another warehouse that has them?",
        "Can you at least waive the shipping charge for the trouble?",
      ]],
      [0, [
        "I'll see if we can split the order and send part of it by air.",
        "Let me ask about the other warehouse and call you back this afternoon.",
        "I'll refund the shipping and keep you posted daily.",
      ]],
    ],
    summaries: [
      "{item} for {company} are delayed about {days} days at {carrier}; {first} asked to expedite.",
      "Late delivery of {item} to {company}: {days}-day delay, partial air shipment discussed.",
    ],
    labels: [["delivery", "shipping"], ["logistics"], ["order delay"]],
    ask: [
      "the call about the shipment that never showed up",
      "they told us the order would arrive late",
      "delayed delivery and when it will get here",
      "package stuck in transit",
    ],
  },
  {
    id: "family-party",
    personal: true,
    slots: (r) => ({
      relative: r.pick(RELATIVES),
      occasion: r.pick(["eightieth birthday", "anniversary dinner", "Thanksgiving", "graduation party", "baby shower", "retirement party"]),
      dish: r.pick(["lasagna", "tamales", "apple pie", "dumplings", "jollof rice", "baklava", "potato salad"]),
      day: r.pick(["Saturday", "Sunday"]),
    }),
    turns: [
      [1, [
        "Are you still coming to {relative}'s {occasion} on {day}?",
        "Don't forget {relative}'s {occasion} this {day}!",
        "So for {relative}'s {occasion}, we're doing it {day} afternoon.",
      ]],
      [0, [
        "Of course, we wouldn't miss it. What should we bring?",
        "Yes, the kids are excited. Do you need help with anything?",
        "We'll be there, maybe a little late.",
      ]],
      [1, [
        "I'm making {dish}, could you bring drinks and a dessert?",
        "My {dish} is covered, just bring chairs if you have extra.",
        "Bring whatever you like, I'm already doing {dish} for twenty people.",
      ]],
      [0, [
        "Sounds great, love you, see you {day}.",
        "Perfect, I'll call you when we leave.",
        "Okay, give everyone a hug from us.",
      ]],
    ],
    summaries: [
      "{first} called about {relative}'s {occasion} on {day}; they're making {dish}.",
      "Family plans: {relative}'s {occasion} this {day}, {first} is cooking {dish}.",
    ],
    labels: [["family"], ["family", "celebration"], ["personal"]],
    ask: [
      "call about the family get-together",
      "planning what food to bring to the party",
      "relatives talking about the celebration",
      "family gathering this weekend",
    ],
  },
  {
    id: "home-repair",
    personal: false,
    slots: (r) => ({
      fixture: r.pick(["the water heater", "the roof", "the kitchen sink", "the furnace", "the garage door", "the basement window", "the dishwasher"]),
      estimate: money(r, 250, 8000),
      day: r.pick(WEEKDAYS),
      street: r.pick(STREETS),
    }),
    turns: [
      [0, [
        "{fixture} at the {street} house is acting up again.",
        "We've got a problem with {fixture} over on {street}.",
        "Can you take a look at {fixture}? It's the {street} place.",
      ]],
      [1, [
        "Sounds like a worn part. I can come by {day} morning to look at it.",
        "I had a crew out there last year, I can be there {day}.",
        "I'll stop by {day} and give you a number on the spot.",
      ]],
      [1, [
        "Ballpark, you're looking at {estimate} with labor.",
        "My estimate is around {estimate}, parts included.",
        "If it's what I think, {estimate}, maybe a bit less.",
      ]],
      [0, [
        "That's more than I hoped, but go ahead.",
        "Okay, send the quote in writing and I'll approve it.",
        "Let me run {estimate} by the landlord first.",
      ]],
    ],
    summaries: [
      "{first} ({company}) will inspect {fixture} at {street} on {day}; estimate {estimate}.",
      "Repair of {fixture} on {street}: visit {day}, about {estimate}.",
    ],
    labels: [["repair", "home"], ["maintenance"], ["repair", "estimate"]],
    ask: [
      "call about fixing something broken at the house",
      "the contractor's quote for the repair",
      "what it would cost to get it fixed",
      "handyman coming over to look at the problem",
    ],
  },
  {
    id: "hiring",
    personal: false,
    slots: (r) => ({
      role: r.pick(["warehouse supervisor", "junior accountant", "dental hygienist", "front-end developer", "site foreman", "receptionist"]),
      candidate: `${r.pick(["Marcus", "Yasmin", "Pablo", "Keiko", "Tobias", "Amara", "Ravi", "Colette"])} ${r.pick(["Bell", "Ortega", "Fujita", "Weber", "Obi", "Desai", "Laurent"])}`,
      salary: money(r, 42_000, 130_000, 1000),
    }),
    turns: [
      [1, [
        "I just finished the second interview with {candidate} for the {role} position.",
        "{candidate} came in today for the {role} role.",
        "Wanted to give you my notes on {candidate}, the {role} applicant.",
      ]],
      [0, [
        "How did it go?",
        "And? Are they a fit?",
        "What's your read?",
      ]],
      [1, [
        "Really strong, references check out. They're asking for {salary}.",
        "Good experience, a bit green, but they'd take {salary}.",
        "Great attitude. Expectation is {salary}, which is at the top of our range.",
      ]],
      [0, [
        "Let's make an offer at {salary} before someone else does.",
        "Can we meet them in the middle? Draft an offer letter anyway.",
        "I want one more candidate to compare, then we decide on Friday.",
      ]],
    ],
    summaries: [
      "{first} interviewed {candidate} for {role}; salary expectation {salary}; offer discussed.",
      "Hiring update for the {role} opening: {candidate} asks {salary}.",
    ],
    labels: [["hiring"], ["recruiting", "interview"], ["hiring", "offer"]],
    ask: [
      "the call about the job applicant",
      "whether to hire the person we interviewed",
      "interviewing someone for the open position",
      "what the new hire wants to be paid",
    ],
  },
  {
    id: "travel",
    personal: false,
    slots: (r) => ({
      city: r.pick(CITIES),
      hotel: r.pick(["the Marriott downtown", "a small hotel near the venue", "the airport Hilton", "an apartment rental"]),
      event: r.pick(["the trade show", "the sales conference", "the supplier visit", "the board meeting"]),
      month: r.pick(MONTHS),
    }),
    turns: [
      [1, [
        "I'm putting together the trip to {city} for {event} in {month}.",
        "Flights to {city} are filling up for {month}, should I book now?",
        "For {event} in {city}, do you want the morning flight?",
      ]],
      [0, [
        "Yes, book the morning flight, I want to arrive rested.",
        "Go ahead, aisle seat if possible.",
        "Book it, the fares will only go up.",
      ]],
      [1, [
        "For the stay I found {hotel}, is that okay?",
        "I'd put you at {hotel} for three nights.",
        "{hotel} has a conference rate, shall I take it?",
      ]],
      [0, [
        "That's fine, send me the itinerary when it's confirmed.",
        "Perfect, please forward the booking confirmation.",
        "Sounds good, add it to my calendar.",
      ]],
    ],
    summaries: [
      "{first} is booking the {city} trip for {event} in {month}; staying at {hotel}.",
      "Travel to {city} ({event}, {month}): flight and {hotel} arranged by {first}.",
    ],
    labels: [["travel"], ["travel", "booking"], ["conference"]],
    ask: [
      "the call about booking the trip",
      "sorting out flights and a hotel",
      "itinerary for the conference abroad",
      "where I'm staying when I fly out",
    ],
  },
  {
    id: "medical",
    personal: true,
    slots: (r) => ({
      test: r.pick(["blood work", "MRI", "x-ray", "allergy test", "cholesterol panel", "ultrasound"]),
      result: r.pick(["everything looks normal", "one value is a little high", "the doctor wants to repeat it", "there is nothing to worry about"]),
      weekday: r.pick(WEEKDAYS),
      doctor: r.pick(["Dr. Alvarez", "Dr. Chen", "Dr. Okoye", "Dr. Brennan", "Dr. Sato"]),
    }),
    turns: [
      [1, [
        "Hi, this is {first} from {doctor}'s office calling about your {test}.",
        "Calling with the results of the {test} you had last week.",
        "{doctor} reviewed your {test}.",
      ]],
      [1, [
        "Good news overall, {result}.",
        "So, {result}.",
        "The short version is {result}.",
      ]],
      [0, [
        "Thanks. Do I need to come back in?",
        "Okay, what's the next step?",
        "Should I change anything in the meantime?",
      ]],
      [1, [
        "{doctor} would like a follow-up on {weekday}, is the morning okay?",
        "Let's book a follow-up visit for {weekday}.",
        "We can see you {weekday}, bring your medication list.",
      ]],
    ],
    summaries: [
      "{doctor}'s office ({first}) called with {test} results: {result}; follow-up on {weekday}.",
      "Clinic call: {test} results, {result}. Follow-up {weekday} with {doctor}.",
    ],
    labels: [["health"], ["medical", "results"], ["appointment"]],
    ask: [
      "call from the clinic about my results",
      "the doctor's office calling about lab tests",
      "follow-up appointment with the physician",
      "nurse phoned about the scan",
    ],
  },
  {
    id: "house-offer",
    personal: false,
    slots: (r) => ({
      number: String(r.int(12, 980)),
      street: r.pick(STREETS),
      asking: money(r, 320_000, 1_400_000, 5000),
      offer: money(r, 300_000, 1_300_000, 5000),
    }),
    turns: [
      [1, [
        "The sellers at {number} {street} got two other offers over the weekend.",
        "About {number} {street}: the listing agent says there's a lot of interest.",
        "I just toured {number} {street} again, it's still available.",
      ]],
      [0, [
        "What do you think we should offer?",
        "Is {asking} firm?",
        "How far under asking can we go?",
      ]],
      [1, [
        "They're asking {asking}. I'd go in at {offer} with a quick close.",
        "Asking is {asking}, but an offer around {offer} without contingencies could work.",
        "Start at {offer}, they'll probably counter near {asking}.",
      ]],
      [0, [
        "Let's do {offer}, I'll get the pre-approval letter over tonight.",
        "Write it up at {offer} and send me the paperwork to sign.",
        "Okay, {offer}, but ask for the inspection contingency.",
      ]],
    ],
    summaries: [
      "{first} ({company}): offer of {offer} on {number} {street} (asking {asking}).",
      "Real estate: {number} {street}, asking {asking}; agreed to offer {offer}.",
    ],
    labels: [["real estate"], ["real estate", "offer"], ["house hunting"]],
    ask: [
      "the call about making an offer on the house",
      "the agent talking about the listing price",
      "how much to bid on the property",
      "realtor conversation about the home we toured",
    ],
  },
  {
    id: "insurance-claim",
    personal: false,
    slots: (r) => ({
      incident: r.pick(["fender bender", "hail damage", "burst pipe", "stolen bike", "kitchen fire", "fallen tree"]),
      claim: `${r.pick(["CLM", "AX", "HB"])}-${r.int(10_000, 99_999)}`,
      deductible: money(r, 250, 2500),
    }),
    turns: [
      [1, [
        "I'm the adjuster on your claim {claim} for the {incident}.",
        "Calling about claim {claim}, the {incident} from last month.",
        "I'm handling the {incident} claim, reference {claim}.",
      ]],
      [0, [
        "Thanks for calling. Is it covered?",
        "Great, what do you need from me?",
        "I've been waiting to hear back, where are we?",
      ]],
      [1, [
        "It's covered under your policy, minus the {deductible} deductible.",
        "I need photos and the repair estimate, and then your deductible of {deductible} applies.",
        "Coverage is confirmed. You pay the first {deductible}.",
      ]],
      [0, [
        "Okay, I'll upload the photos tonight.",
        "Fine, send me the forms and I'll sign them.",
        "That deductible stings, but okay.",
      ]],
    ],
    summaries: [
      "Insurance claim {claim} ({incident}) handled by {first} at {company}; deductible {deductible}.",
      "{incident} claim {claim}: covered, {deductible} deductible; photos requested.",
    ],
    labels: [["insurance"], ["insurance", "claim"], ["damage"]],
    ask: [
      "the call about the insurance claim",
      "the adjuster calling about the damage",
      "what the policy covers after the accident",
      "whether insurance will pay for it",
    ],
  },
  {
    id: "onboarding",
    personal: false,
    slots: (r) => ({
      software: r.pick(["the CRM", "the new payroll system", "the inventory tracker", "the booking software", "the accounting platform"]),
      people: String(r.int(4, 40)),
      weekday: r.pick(WEEKDAYS),
    }),
    turns: [
      [1, [
        "We have {people} people who still need accounts in {software}.",
        "Our staff is struggling with {software}, {people} of them haven't finished setup.",
        "Can we plan the rollout of {software} for our {people} employees?",
      ]],
      [0, [
        "Let's do a hands-on session, I can run it on {weekday}.",
        "I'll set up a workshop for them on {weekday} morning.",
        "We usually do two short sessions, the first on {weekday}.",
      ]],
      [1, [
        "Can you record it for the night shift?",
        "Will there be a cheat sheet they can keep?",
        "Some of them are not very technical, keep it simple.",
      ]],
      [0, [
        "Yes, I'll share the recording and a one-page guide.",
        "Absolutely, I'll bring printed guides.",
        "Of course, we'll go step by step.",
      ]],
    ],
    summaries: [
      "Onboarding {people} {company} staff to {software}; training session {weekday}.",
      "{first} asked for {software} training for {people} employees; workshop on {weekday}.",
    ],
    labels: [["onboarding", "training"], ["training"], ["software rollout"]],
    ask: [
      "the call about training the team on the new software",
      "setting up onboarding sessions",
      "getting staff up to speed on the system",
      "teaching employees to use the tool",
    ],
  },
  {
    id: "cancellation",
    personal: false,
    slots: (r) => ({
      service: r.pick(["the cleaning service", "the cloud backup plan", "the lawn care contract", "the gym membership", "the alarm monitoring", "the coffee delivery"]),
      reason: r.pick(["we're moving offices", "budget cuts this year", "we found a cheaper provider", "we barely use it"]),
      notice: r.pick(["30 days", "60 days", "two weeks"]),
    }),
    turns: [
      [1, [
        "I'd like to cancel {service}, {reason}.",
        "We've decided to stop {service}. Honestly, {reason}.",
        "Please end {service} for us, {reason}.",
      ]],
      [0, [
        "I'm sorry to hear that. Is there anything we could do to keep you?",
        "Understood. Can I offer you a pause instead?",
        "That's a shame. Would a lower tier help?",
      ]],
      [1, [
        "No, our mind is made up. How much notice do you need?",
        "Thanks, but no. What's the notice period?",
        "We're sure. When does it actually stop?",
      ]],
      [0, [
        "The contract asks for {notice} notice, I'll process it today.",
        "It's {notice}, I'll send a confirmation email.",
        "{notice} from today, and you won't be billed after that.",
      ]],
    ],
    summaries: [
      "{first} ({company}) cancelled {service}: {reason}; {notice} notice.",
      "Cancellation of {service} requested by {company} ({reason}).",
    ],
    labels: [["cancellation", "churn"], ["cancellation"], ["account closure"]],
    ask: [
      "the call where they wanted to end the contract",
      "customer said they're leaving us",
      "cancelling the service",
      "they want to stop their subscription",
    ],
  },
  {
    id: "dinner-plans",
    personal: true,
    slots: (r) => ({
      restaurant: r.pick(RESTAURANTS),
      day: r.pick(["Friday", "Saturday", "Sunday"]),
      time: r.pick(["7:00", "7:30", "8:00"]),
      kid: r.pick(KIDS),
      city: r.pick(CITIES),
    }),
    turns: [
      [1, [
        "We're finally back from {city}! Dinner this {day}?",
        "Want to grab dinner {day}? We haven't seen you since {city}.",
        "Let's celebrate, we just got back from {city}. Are you free {day}?",
      ]],
      [0, [
        "Yes! Where are you thinking?",
        "Absolutely, we need to hear everything.",
        "We'd love that. I'll get a sitter for {kid}.",
      ]],
      [1, [
        "{restaurant} at {time}? I'll book a table.",
        "How about {restaurant}, {time}?",
        "I've been craving {restaurant}. {time} okay?",
      ]],
      [0, [
        "Perfect, see you there.",
        "Great, text me the confirmation.",
        "Done, we'll bring the photos.",
      ]],
    ],
    summaries: [
      "{first} is back from {city}; dinner at {restaurant} on {day} at {time}.",
      "Catch-up dinner with {first}: {restaurant}, {day} {time}.",
    ],
    labels: [["personal", "dinner"], ["friends"], ["plans"]],
    ask: [
      "the call about going out to eat",
      "friends back from vacation wanting to meet up",
      "where we're having dinner this weekend",
    ],
  },
];

/** Said in any call: the vocabulary every topic shares (prices, invoices, schedules come up everywhere). */
export const SMALL_TALK = [
  "Sorry, I was on another call.",
  "Let me check my calendar real quick.",
  "Can you send that over by email?",
  "I'll put it in writing so nobody forgets.",
  "Just so I have it right, can you repeat that?",
  "We can talk about the price later.",
  "Did the invoice I sent last week come through?",
  "The schedule is tight this month.",
  "I'll loop in my colleague on this.",
  "Let me pull up the account, one second.",
  "Hang on, the connection is bad, can you hear me now?",
  "By the way, happy belated birthday.",
  "Traffic was terrible this morning.",
] as const;

export const GREETINGS = [
  "Hi {first}, thanks for getting back to me.",
  "Hey {first}, good to hear from you.",
  "Hello, this is Alex. Oh hi {first}!",
  "{first}, hi, do you have a minute?",
] as const;

export const GOODBYES = [
  "Thanks again, talk soon.",
  "Great, have a good one.",
  "Okay, I'll let you go. Bye.",
  "Thanks for calling, take care.",
] as const;
