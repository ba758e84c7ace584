/**
 * The one way this package makes elements. Children given as strings become text nodes, so
 * visitor text is never parsed as markup.
 */
export interface ElementProps {
  readonly className?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: ElementProps = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (props.className !== undefined) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const child of children) parent.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
}

/** Sets an element's text, dropping whatever it held. */
export function setText(element: Element, text: string): void {
  element.textContent = text;
}
