/**
 * Whose pick-up answers a call: the user's phone on an inbound call, the contact on an outbound
 * one. Switchboard answering an inbound caller (to greet and record) and the user's own phone
 * picking up to place an outbound call are steps, not the answer. The call's derived answeredAt
 * (src/server/calls/derive.ts) and the call page's timeline both read this, so "Answered" in the
 * page's details and in its timeline is the same moment.
 */
export function answeringLeg(direction: "inbound" | "outbound"): "user" | "contact" {
  return direction === "inbound" ? "user" : "contact";
}
