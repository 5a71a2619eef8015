/**
 * The library's search: a set matches when its title or description holds the query, ignoring
 * case, accents and full-width forms (NFKD: "Réseaux" ~ "reseaux", "ＭＳＥ" ~ "mse"). Chinese
 * needs no folding: it matches as typed.
 */
export function searchText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

export function matchesSearch(set: { title: string; description: string }, query: string): boolean {
  const wanted = searchText(query);
  if (wanted === '') return true;
  return searchText(set.title).includes(wanted) || searchText(set.description).includes(wanted);
}
