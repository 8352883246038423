// Small DOM builders for the compare view: elements from attributes and text only (never HTML strings).

export type Child = Node | string | false | null | undefined;

/** An element with attributes (`true` → empty attribute, `false`/undefined → absent) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs)) {
		if (value === true) element.setAttribute(name, '');
		else if (typeof value === 'string') element.setAttribute(name, value);
	}
	append(element, children);
	return element;
}

export function append(parent: Node, children: Child[]): void {
	for (const child of children) {
		if (child === false || child === null || child === undefined) continue;
		parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
	}
}

/** Sets or removes a boolean-ish attribute, touching the DOM only when it changes (custom elements re-render on every set). */
export function setAttr(element: Element, name: string, value: string | boolean | undefined): void {
	const next = value === true ? '' : value === false || value === undefined ? null : value;
	if (element.getAttribute(name) !== next) {
		if (next === null) element.removeAttribute(name);
		else element.setAttribute(name, next);
	}
}

/** Sets text only when it changed, so live regions do not announce the same words again. */
export function setText(element: Element, text: string): void {
	if (element.textContent !== text) element.textContent = text;
}

/** A definition list of label/value pairs. */
export function metricList(className: string, label: string, metrics: ReadonlyArray<{ label: string; value: string }>): HTMLElement {
	const list = h('dl', { class: className, 'aria-label': label });
	for (const metric of metrics) append(list, [h('dt', {}, metric.label), h('dd', {}, metric.value)]);
	return list;
}
