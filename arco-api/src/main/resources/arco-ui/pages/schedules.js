import { h } from '../dom.js';
export function mount(root) { root.append(h('h1', null, 'schedules')); return { title: 'schedules', live: false, async refresh() {} }; }
