import { addDays, addHours, setHours, setMinutes, startOfDay, subDays } from "date-fns";
import type { Db } from "~/server/db";
import type { RecordingStorage } from "~/server/storage";
import { seedDemoCalls } from "./demo-calls";
import { seedDemoHistory } from "./demo-history";

/** A believable small network: people with companies, several ways to reach them, and tags. */
const people = [
  { firstName: "Maya", lastName: "Patel", company: "Northwind Health", jobTitle: "Head of Operations", phone: "+14155550134", email: "maya.patel@northwind.example", tags: ["client", "priority"] },
  { firstName: "Daniel", lastName: "Okafor", company: "Okafor & Sons Builders", jobTitle: "Owner", phone: "+13125550178", email: "daniel@okaforbuilders.example", tags: ["client"] },
  { firstName: "Sofia", lastName: "Lindqvist", company: "Fjord Analytics", jobTitle: "Data Lead", phone: "+46701234567", email: "sofia@fjord.example", tags: ["partner"] },
  { firstName: "James", lastName: "Whitaker", company: "Whitaker Legal", jobTitle: "Attorney", phone: "+12125550101", email: "jwhitaker@whitakerlegal.example", tags: ["advisor"] },
  { firstName: "Priya", lastName: "Raman", company: "Lumen Labs", jobTitle: "CTO", phone: "+16505550147", email: "priya@lumenlabs.example", tags: ["investor", "priority"] },
  { firstName: "Carlos", lastName: "Mendoza", company: "Mendoza Catering", jobTitle: "Chef & Owner", phone: "+17135550190", email: "carlos@mendozacatering.example", tags: ["vendor"] },
  { firstName: "Hannah", lastName: "Schmidt", company: "Kiefer Logistics", jobTitle: "Account Manager", phone: "+493012345678", email: "h.schmidt@kiefer.example", tags: ["vendor"] },
  { firstName: "Marcus", lastName: "Bell", company: null, jobTitle: null, phone: "+14155550199", email: "marcus.bell@mail.example", tags: ["family"] },
  { firstName: "Eleanor", lastName: "Bell", company: null, jobTitle: null, phone: "+14155550198", email: "ellie.bell@mail.example", tags: ["family"] },
  { firstName: "Tomás", lastName: "García", company: "Brightside Realty", jobTitle: "Broker", phone: "+13055550112", email: "tomas@brightside.example", tags: ["client"] },
  { firstName: "Aiko", lastName: "Tanaka", company: "Sakura Design Studio", jobTitle: "Creative Director", phone: "+81312345678", email: "aiko@sakura-design.example", tags: ["partner"] },
  { firstName: "Grace", lastName: "Hopper", company: "Harbor Software", jobTitle: "Engineering Manager", phone: "+12065550123", email: "grace@harbor.example", tags: ["friend"] },
  { firstName: "Oliver", lastName: "Grant", company: "Grant Accounting", jobTitle: "CPA", phone: "+16175550166", email: "oliver@grantcpa.example", tags: ["advisor"] },
  { firstName: "Nadia", lastName: "Haddad", company: "Cedar Clinic", jobTitle: "Physician", phone: "+13135550142", email: "dr.haddad@cedarclinic.example", tags: ["health"] },
  { firstName: "Liam", lastName: "O'Connor", company: "Emerald Fitness", jobTitle: "Coach", phone: "+353871234567", email: "liam@emeraldfit.example", tags: ["friend"] },
  { firstName: "Chloe", lastName: "Dubois", company: "Maison Dubois", jobTitle: "Founder", phone: "+33612345678", email: "chloe@maisondubois.example", tags: ["client"] },
  { firstName: "Samuel", lastName: "Adeyemi", company: "Lagos Ventures", jobTitle: "Partner", phone: "+2348031234567", email: "samuel@lagosventures.example", tags: ["investor"] },
  { firstName: "Rachel", lastName: "Kim", company: "Northwind Health", jobTitle: "Procurement", phone: "+14155550177", email: "rachel.kim@northwind.example", tags: ["client"] },
  { firstName: "Victor", lastName: "Novak", company: "Novak Print Co.", jobTitle: "Sales", phone: "+14165550155", email: "victor@novakprint.example", tags: ["vendor"] },
  { firstName: "Isabella", lastName: "Rossi", company: "Trattoria Rossi", jobTitle: "Manager", phone: "+390612345678", email: "isabella@trattoriarossi.example", tags: ["friend"] },
] as const;

/**
 * Fills a new demo account with contacts, a fortnight of events, a realistic to-do list and a few
 * months of calls and texts, so every page has something to show on the first run. Last contacted
 * and the relationship scores are derived from that history, as the app derives them.
 */
export async function seedDemoData(
  db: Db,
  userId: string,
  options: { storage: RecordingStorage | null; now?: Date } = { storage: null },
): Promise<{ transcribedCallIds: string[] }> {
  const now = options.now ?? new Date();
  const contacts = [];
  for (const person of people) {
    contacts.push(
      await db.contact.create({
        data: {
          userId,
          firstName: person.firstName,
          lastName: person.lastName,
          company: person.company,
          jobTitle: person.jobTitle,
          phones: [person.phone],
          emails: [person.email],
          tags: [...person.tags],
          notes: person === people[0] ? "Prefers calls before 10am. Renewal due next quarter." : null,
        },
      }),
    );
  }
  const [maya, daniel, sofia, james, priya, carlos, , marcus, eleanor, tomas] = contacts;
  const at = (days: number, hour: number, minute = 0) => setMinutes(setHours(addDays(startOfDay(now), days), hour), minute);

  const events = [
    { title: "Quarterly review with Northwind", location: "Video call", startsAt: at(1, 10), endsAt: at(1, 11), contacts: [maya, contacts[17]], reminderMinutes: 15 },
    { title: "Site walk-through", location: "412 Elm St", startsAt: at(2, 14), endsAt: at(2, 15, 30), contacts: [daniel], reminderMinutes: 60 },
    { title: "Coffee with Priya", location: "Blue Bottle, Hayes Valley", startsAt: at(3, 9), endsAt: at(3, 10), contacts: [priya], reminderMinutes: 30 },
    { title: "Contract review", location: "Whitaker Legal", startsAt: at(5, 16), endsAt: at(5, 17), contacts: [james], reminderMinutes: 60 },
    { title: "Family dinner", location: "Home", startsAt: at(6, 18, 30), endsAt: at(6, 21), contacts: [marcus, eleanor], reminderMinutes: 120 },
    { title: "Analytics workshop", location: "Fjord Analytics, Stockholm", startsAt: at(8, 0), endsAt: at(10, 0), allDay: true, contacts: [sofia] },
    { title: "Catering tasting", location: "Mendoza Catering", startsAt: at(9, 12), endsAt: at(9, 13, 30), contacts: [carlos], reminderMinutes: 30 },
    { title: "Open house", location: "88 Ocean Dr", startsAt: at(12, 11), endsAt: at(12, 14), contacts: [tomas] },
    { title: "Onboarding call with Northwind", location: "Phone", startsAt: at(-2, 15), endsAt: at(-2, 15, 45), contacts: [maya] },
  ];
  for (const { contacts: linked, ...event } of events) {
    await db.calendarEvent.create({
      data: {
        userId,
        ...event,
        contacts: { create: linked.filter((c) => c !== undefined).map((c) => ({ contactId: c.id })) },
      },
    });
  }

  const renewal = await db.task.create({
    data: {
      userId,
      title: "Prepare Northwind renewal proposal",
      description: "Pricing for 2027, usage summary, and the new support tier.",
      priority: "high",
      dueAt: addHours(at(2, 17), 0),
      contactId: maya?.id,
      tags: ["sales"],
    },
  });
  await db.task.createMany({
    data: [
      // Subtasks belong to the contact through their parent: the contact's open tasks are the renewal, once.
      { userId, parentId: renewal.id, title: "Pull usage numbers", priority: "medium", dueAt: at(1, 12) },
      { userId, parentId: renewal.id, title: "Draft pricing table", priority: "medium", dueAt: at(2, 12) },
      { userId, title: "Send Daniel the revised estimate", priority: "urgent", dueAt: at(-1, 17), contactId: daniel?.id, tags: ["follow-up"] },
      { userId, title: "Call James back about the NDA", priority: "high", dueAt: at(0, 16), contactId: james?.id, tags: ["follow-up"] },
      { userId, title: "Book flights to Stockholm", priority: "medium", dueAt: at(4, 12), contactId: sofia?.id, tags: ["travel"] },
      { userId, title: "Weekly pipeline review", priority: "medium", dueAt: at(3, 9), recurrence: "weekly", tags: ["routine"] },
      { userId, title: "Pick a date for the catering tasting", priority: "low", status: "done", completedAt: subDays(now, 1), contactId: carlos?.id },
      { userId, title: "Thank Priya for the intro", priority: "low", status: "in_progress", contactId: priya?.id },
      { userId, title: "Tidy up contact tags", priority: "low" },
    ],
  });

  const transcribedCallIds = await seedDemoCalls(db, userId, { maya, daniel, priya }, { storage: options.storage, now });
  // Maya's and Daniel's demo calls stay their latest; Priya's missed call is newer than her history.
  const keep = new Set([maya, daniel].flatMap((c) => (c ? [c.id] : [])));
  await seedDemoHistory(db, userId, contacts, { now, keep, checkIns: maya });
  return { transcribedCallIds };
}
