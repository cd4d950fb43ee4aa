import { describe, expect, it } from 'vitest';
import { ColumnMappingError, fieldForHeader, mapColumns, normalizeHeader } from '../../src/read/columns.ts';

describe('header aliases', () => {
  it('recognises CNIPA export headers', () => {
    const headers = [
      '申请号', '公开(公告)号', '授权公告号', '专利类型', '专利名称', '申请摘要', '主权项', 'IPC主分类号', 'IPC分类号',
      '申请(专利权)人', '当前权利人', '发明(设计)人', '申请日', '公开(公告)日', '授权公告日', '当前法律状态',
      '申请人地址', '国省代码', '专利转移次数', '许可次数', '开放许可',
    ];
    expect(headers.map(fieldForHeader)).toEqual([
      'applicationNumber', 'publicationNumber', 'grantPublicationNumber', 'patentType', 'title', 'abstract', 'claims', 'mainIpc',
      'ipcCodes', 'applicants', 'owners', 'inventors', 'filingDate', 'publicationDate', 'grantDate', 'legalStatus',
      'applicantAddress', 'regionCode', 'transferCount', 'licenseCount', 'openLicence',
    ]);
  });

  it('recognises Traditional Chinese and English headers', () => {
    expect(['申請號', '名稱', '摘要', '申請人', '發明人', '專利權人', '申請日', '法律狀態', '申請專利範圍'].map(fieldForHeader)).toEqual([
      'applicationNumber', 'title', 'abstract', 'applicants', 'inventors', 'owners', 'filingDate', 'legalStatus', 'claims',
    ]);
    expect(['Application Number', 'Title', 'ABSTRACT', 'IPC', 'Applicant', 'Inventors', 'Filing Date', 'Legal Status', 'applicationNumber'].map(fieldForHeader)).toEqual([
      'applicationNumber', 'title', 'abstract', 'ipcCodes', 'applicants', 'inventors', 'filingDate', 'legalStatus', 'applicationNumber',
    ]);
  });

  it('ignores spacing, bracket width, case and punctuation', () => {
    expect(normalizeHeader(' 公开（公告）号 ')).toBe('公开公告号');
    expect(fieldForHeader('公开（公告）号')).toBe('publicationNumber');
    expect(fieldForHeader('申请 ( 专利权 ) 人')).toBe('applicants');
    expect(fieldForHeader('Application_No.')).toBe('applicationNumber');
    expect(fieldForHeader('ＩＰＣ分类号')).toBe('ipcCodes');
    expect(fieldForHeader('*名称')).toBe('title');
    expect(fieldForHeader('备注')).toBeNull();
  });
});

describe('mapColumns', () => {
  it('maps known headers and leaves the rest for extra, with unique extra keys', () => {
    const plan = mapColumns(['patent_id', '名称', '备注', '', '备注']);
    expect(plan.columns).toEqual([
      { header: 'patent_id', field: 'sourceId' },
      { header: '名称', field: 'title' },
      { header: '备注', field: null },
      { header: '', field: null },
      { header: '备注', field: null },
    ]);
    expect(plan.extraKeys).toEqual(['patent_id', '名称', '备注', 'column 4', '备注 (column 5)']);
    expect(plan.warnings).toEqual([]);
  });

  it('lets the first of two columns for one field win and warns about the second', () => {
    const plan = mapColumns(['发明人', '专利名称', '当前发明人']);
    expect(plan.columns.map((c) => c.field)).toEqual(['inventors', 'title', null]);
    expect(plan.warnings).toEqual([
      {
        line: 1,
        field: 'inventors',
        message: 'column 3 (当前发明人) looks like inventors, but it is also recognised in column 1 (发明人) to inventors; its values were kept in extra',
      },
    ]);
  });

  it('applies a user mapping over the aliases', () => {
    const plan = mapColumns(['Patent', '名称', 'Text'], { Patent: 'title', text: 'abstract' });
    expect(plan.columns).toEqual([
      { header: 'Patent', field: 'title' },
      { header: '名称', field: null },
      { header: 'Text', field: 'abstract' },
    ]);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      'column 2 (名称) looks like title, but your column mapping sends column 1 (Patent) to title; its values were kept in extra',
    ]);
  });

  it('lets a user mapping move an alias to another field', () => {
    const plan = mapColumns(['名称', '摘要'], { 摘要: 'claims' });
    expect(plan.columns.map((c) => c.field)).toEqual(['title', 'claims']);
  });

  it('rejects unknown fields, missing headers and double targets with a ColumnMappingError', () => {
    const attempt = () => mapColumns(['a', 'b', 'c'], { a: 'titel' as never, zz: 'title', b: 'abstract', c: 'abstract' });
    expect(attempt).toThrow(ColumnMappingError);
    try {
      attempt();
    } catch (error) {
      const mappingError = error as ColumnMappingError;
      expect(mappingError.code).toBe('column-mapping');
      expect(mappingError.status).toBe(400);
      expect(mappingError.problems).toEqual([
        expect.stringMatching(/^the column mapping sends "a" to "titel", which is not an input field \(use one of: applicationNumber, /),
        'the column mapping names a column "zz", but the file has no such column (its columns are: a, b, c)',
        'the column mapping sends both "b" and "c" to abstract; map only one of them',
      ]);
      expect(mappingError.message).toContain('"zz"');
    }
  });

  it('warns when no header is recognised (a headerless file)', () => {
    const plan = mapColumns(['20100209', 'ZL 201010110545.X', '北京理工大学']);
    expect(plan.warnings).toEqual([
      {
        line: 1,
        field: 'row',
        message: 'no column of the header row (line 1) was recognised; if the file has no header row, add one, or pass a column mapping',
      },
    ]);
  });
});
