// Entry point: the styles, the app in #app, and the automation surface on window.longhaul.
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './app.js';
import { installAutomation } from './automation.js';

const root = document.getElementById('app');
if (!root) throw new Error('longhaul: the page has no #app element');
const app = new App(root);
installAutomation(app.sessions, (id, tabId) => app.runCommand(id, tabId));
