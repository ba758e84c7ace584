// Each callback is overridden on its own; everything else keeps its default.
itmchat.mount('#console', {
  title: 'itmchat console',
  // The visitor may turn on a beep for lines said while every tab of the site is hidden: one per browser.
  alerts: { sound: true },
  callbacks: {
    formatTime: (at) => new Date(at).toTimeString().slice(0, 5),
    renderMessage(message, ctx) {
      const line = ctx.document.createElement('div');
      line.className = 'irc-line' + (ctx.own ? ' me' : '');
      const time = ctx.document.createElement('span');
      time.className = 'irc-time';
      time.textContent = ctx.formatTime(message.at) + ' ';
      const nick = ctx.document.createElement('span');
      nick.className = 'irc-nick';
      nick.textContent = '<' + message.nick + '> ';
      // Visitor text is always a text node.
      line.append(time, nick, ctx.document.createTextNode(message.text));
      return line;
    },
    // Called in the one tab the worker picked, once the visitor turned alerts on.
    onAlert: () => beep(),
  },
});

// One AudioContext for every beep: browsers cap how many a page may hold open.
let audio = null;

function beep() {
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.08);
  } catch {
    /* no sound: fine */
  }
}
