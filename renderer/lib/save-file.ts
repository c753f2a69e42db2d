/** Hands a text file to the user as a download (Blob + `<a download>`), the same in Electron and the browser. */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; a short grace keeps slow browsers from losing the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
