/** The maintained aggregates of the coverage board and the outcomes comparison (decision 0017). */
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
  first_on: string;
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
