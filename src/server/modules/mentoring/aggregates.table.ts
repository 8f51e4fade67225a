/** The maintained aggregates of the coverage board and the outcomes comparison (decision 0022). */
export interface AggKelurahanTable {
  kelurahan_code: string;
  businesses: number;
}

export interface AggCasePairTable {
  business_id: number;
  mentor_id: number;
  kelurahan_code: string;
  open_cases: number;
}

export interface AggSessionAreaTable {
  session_id: number;
  kelurahan_code: string;
  mentor_id: number;
  held_on: string;
}

export interface AggBusinessSessionTable {
  business_id: number;
  first_month: string;
}

export interface AggStratumTable {
  period: string;
  kecamatan_code: string;
  kelurahan_code: string;
  sector: string;
  mentored: boolean;
  reports: number;
  measured: number;
  recovered: number;
  no_baseline: number;
}

export interface AggMentorMonthTable {
  mentor_id: number;
  month: string;
  sessions: number;
  prep: number;
  contact: number;
  credited_contact: number;
  credited_prep: number;
}

export interface AggClientTable {
  /** 'm' a mentor's client, 'i' an institution's (grp 0: mentors of none), 'c' the city's (grp 0). */
  level: 'm' | 'i' | 'c';
  grp: number;
  business_id: number;
  first_month: string;
  long_term_month: string | null;
}

export interface AggMilestoneTable {
  milestone_id: number;
  /** The mentor who held the case on the day it was reached, else the case's mentor. */
  mentor_id: number;
  kind: string;
  achieved_on: string;
  confirmed: boolean;
}

/** Registered businesses (not archived) with at least one channel in `business_online_channel` (decision 0025). */
export interface AggBusinessOnlineTable {
  business_id: number;
  kelurahan_code: string;
}

/** Per kelurahan, the businesses of `agg_business_online` (no row for none). */
export interface AggKelurahanOnlineTable {
  kelurahan_code: string;
  businesses: number;
}
