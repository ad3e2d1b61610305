// Dates as people read them, in the reader's own language: "2 December 2026", never "12/2/2026".
const day = { day: "numeric", month: "long", year: "numeric" };
const moment = { ...day, hour: "2-digit", minute: "2-digit" };

const valid = (iso) => iso && !Number.isNaN(Date.parse(iso));

export const dateText = (iso) => (valid(iso) ? new Date(iso).toLocaleDateString(undefined, day) : "–");
export const dateTimeText = (iso) => (valid(iso) ? new Date(iso).toLocaleString(undefined, moment) : "–");
