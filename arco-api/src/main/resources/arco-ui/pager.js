// Cursor paging for list pages: the API hands a `nextCursor`; going back replays earlier cursors.
import { h, button } from './dom.js';

export class Pager {
  constructor(onChange) {
    this.stack = []; // cursors of the pages before the current one
    this.cursor = ''; // the current page's cursor ('' = first page)
    this.next = '';
    this.onChange = onChange;
  }

  reset() { this.stack = []; this.cursor = ''; this.next = ''; }

  /** Records the answer's nextCursor. */
  seen(nextCursor) { this.next = nextCursor || ''; }

  view(label) {
    const page = this.stack.length + 1;
    return h('nav', { class: 'pager', 'aria-label': label || 'Pages' },
      button('← Newer', () => { this.cursor = this.stack.pop() || ''; this.onChange(); }, { disabled: this.stack.length === 0, 'data-fk': 'prev' }),
      h('span', { class: 'muted' }, 'page ' + page),
      button('Older →', () => { this.stack.push(this.cursor); this.cursor = this.next; this.onChange(); }, { disabled: !this.next, 'data-fk': 'next', class: 'next-page' }));
  }
}
