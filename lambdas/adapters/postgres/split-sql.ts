/**
 * Splits a migration file into single statements, because the RDS Data API runs one
 * statement per call. Understands what can hide a semicolon: quoted strings, quoted
 * identifiers, dollar-quoted bodies ($$ … $$, $tag$ … $tag$) and comments.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const statement = text.slice(start, end).trim();
    if (statement.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim()) statements.push(statement);
  };
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === char && text[j + 1] === char) j += 2;
        else if (text[j] === char) break;
        else j += 1;
      }
      i = j + 1;
    } else if (char === '$') {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end === -1 ? text.length : end + tag.length;
      } else {
        i += 1;
      }
    } else if (char === ';') {
      push(i);
      i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  push(text.length);
  return statements;
}
