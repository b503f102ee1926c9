import { h } from '../dom.js';
export function mount(root) { root.append(h('h1', null, 'assets')); return { title: 'assets', live: false, async refresh() {} }; }
