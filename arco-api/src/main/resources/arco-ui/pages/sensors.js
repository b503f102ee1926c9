import { h } from '../dom.js';
export function mount(root) { root.append(h('h1', null, 'sensors')); return { title: 'sensors', live: false, async refresh() {} }; }
