export interface AreaTable {
  code: string;
  parent_code: string | null;
  /** 1 province, 2 regency/city, 3 kecamatan, 4 kelurahan/desa */
  level: number;
  name: string;
}
