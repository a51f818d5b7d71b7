/**
 * The import template HR downloads and fills in: XLSX with the NIP and month columns as Text (so
 * Excel keeps all 18 digits), or CSV with `;` and a BOM (as Excel in an Indonesian locale opens it).
 * Reading an upload: functions/use-cases/import-file.ts.
 */
import ExcelJS from 'exceljs';
import { importColumns, importOptionalColumns } from '#core/employee.ts';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What each column means, for the template's instructions sheet. */
const columnHelp: Record<string, { id: string; en: string; example: string }> = {
  nip: {
    id: 'NIP 18 digit (kolom berformat Teks)',
    en: '18-digit NIP (a Text column)',
    example: '198609262015051001',
  },
  name: { id: 'Nama lengkap', en: 'Full name', example: 'Andi Pratama' },
  email: { id: 'Email (boleh kosong)', en: 'Email (may be empty)', example: 'andi@contoh.go.id' },
  position: { id: 'Jabatan', en: 'Position', example: 'Analis Kepegawaian' },
  unitId: {
    id: 'Kode unit kerja (huruf kecil, angka, -)',
    en: 'Unit code (lowercase, digits, -)',
    example: 'bkpsdm',
  },
  unitName: { id: 'Nama unit kerja', en: 'Unit name', example: 'Badan Kepegawaian dan Pengembangan SDM' },
  supervisorNip: {
    id: 'NIP atasan langsung (kosong untuk pimpinan instansi)',
    en: "Direct supervisor's NIP (empty for the agency head)",
    example: '197501012000031002',
  },
  asnType: { id: 'PNS atau PPPK (kosong: PNS)', en: 'PNS or PPPK (empty: PNS)', example: 'PNS' },
  jobType: {
    id: 'Jenis jabatan: FUNGSIONAL (JF, memperoleh angka kredit), PELAKSANA atau STRUKTURAL; kosong: tidak berubah',
    en: 'Position type: FUNGSIONAL (functional, earns angka kredit), PELAKSANA or STRUKTURAL; empty: unchanged',
    example: 'FUNGSIONAL',
  },
  status: {
    id: 'ACTIVE atau INACTIVE (pensiun, pindah keluar, berhenti); kosong: tidak berubah',
    en: 'ACTIVE or INACTIVE (retired, transferred out, left); empty: unchanged',
    example: 'ACTIVE',
  },
  effectiveMonth: {
    id: 'Bulan TMT perubahan (YYYY-MM): mutasi/promosi/Plt menutup SKP lama dan membuka SKP baru mulai bulan ini; untuk INACTIVE, bulan pertama tidak lagi bekerja',
    en: 'First month of the change (YYYY-MM): a move closes the old SKP and opens a new one from this month; for INACTIVE, the first month no longer working',
    example: '2027-07',
  },
};

export const templateColumns = [...importColumns, ...importOptionalColumns] as readonly string[];

/** The XLSX template: a "Pegawai" sheet to fill (NIP columns as Text), and instructions. */
export async function importTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Siklus';
  const sheet = wb.addWorksheet('Pegawai', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = templateColumns.map((key) => ({
    header: key,
    key,
    width: key === 'unitName' || key === 'name' ? 32 : 22,
    // Text, so Excel keeps all 18 digits of a NIP and the month as typed.
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  const lists: Record<string, string> = {
    asnType: '"PNS,PPPK"',
    jobType: '"FUNGSIONAL,PELAKSANA,STRUKTURAL"',
    status: '"ACTIVE,INACTIVE"',
  };
  templateColumns.forEach((key, i) => {
    const list = lists[key];
    if (!list) return;
    const letter = String.fromCharCode(65 + i);
    for (let r = 2; r <= 1000; r++)
      sheet.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
  });
  const help = wb.addWorksheet('Petunjuk');
  help.columns = [
    { header: 'Kolom / Column', key: 'column', width: 18 },
    { header: 'Isi', key: 'id', width: 70 },
    { header: 'Meaning', key: 'en', width: 70 },
    { header: 'Contoh / Example', key: 'example', width: 40 },
  ];
  help.getRow(1).font = { bold: true };
  for (const key of templateColumns) {
    const h = columnHelp[key]!;
    help.addRow({
      column: `${key}${(importColumns as readonly string[]).includes(key) && key !== 'email' && key !== 'supervisorNip' ? ' *' : ''}`,
      ...h,
    });
  }
  help.addRow({});
  help.addRow({
    column: '',
    id: 'Isi lembar "Pegawai" mulai baris 2. Semua baris harus valid; bila ada yang salah, tidak ada yang disimpan dan setiap masalah disebut barisnya.',
    en: 'Fill the "Pegawai" sheet from row 2. Every row must be valid; if one is not, nothing is saved and each problem names its row.',
  });
  for (const row of [2, ...[...Array(templateColumns.length).keys()].map((i) => i + 2)])
    help.getRow(row).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The CSV template: the header row with `;` (as Excel in an Indonesian locale saves), UTF-8 with a BOM. */
export const importTemplateCsv = () => `\uFEFF${templateColumns.join(';')}\r\n`;
