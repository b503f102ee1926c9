import { h } from '../dom.js';
export function mount(root) { root.append(h('h1', null, 'queue')); return { title: 'queue', live: false, async refresh() {} }; }
