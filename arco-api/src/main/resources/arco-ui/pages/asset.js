import { h } from '../dom.js';
export function mount(root) { root.append(h('h1', null, 'asset')); return { title: 'asset', live: false, async refresh() {} }; }
