import { Routes } from '@angular/router';
import { Shell } from './shell/shell';
import { signedIn } from './shell/signed-in';

export const routes: Routes = [
  {
    path: 'pay/:token',
    title: 'Invoice',
    loadComponent: () => import('./pay/pay-page').then((m) => m.PayPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [signedIn],
    children: [
      { path: '', title: 'Dashboard · Lightweight', loadComponent: () => import('./dashboard/dashboard').then((m) => m.Dashboard) },
      { path: 'customers', title: 'Customers · Lightweight', loadComponent: () => import('./customers/customer-list').then((m) => m.CustomerList) },
      { path: 'customers/new', title: 'New customer · Lightweight', loadComponent: () => import('./customers/customer-editor').then((m) => m.CustomerEditor) },
      { path: 'customers/:id', title: 'Customer · Lightweight', loadComponent: () => import('./customers/customer-editor').then((m) => m.CustomerEditor) },
      { path: 'invoices', title: 'Invoices · Lightweight', loadComponent: () => import('./invoices/invoice-list').then((m) => m.InvoiceList) },
      { path: 'invoices/new', title: 'New invoice · Lightweight', loadComponent: () => import('./invoices/invoice-editor').then((m) => m.InvoiceEditor) },
      { path: 'invoices/:id/edit', title: 'Edit invoice · Lightweight', loadComponent: () => import('./invoices/invoice-editor').then((m) => m.InvoiceEditor) },
      { path: 'invoices/:id', title: 'Invoice · Lightweight', loadComponent: () => import('./invoices/invoice-detail').then((m) => m.InvoiceDetail) },
      { path: 'wallet', title: 'Wallet · Lightweight', loadComponent: () => import('./wallet/wallet-page').then((m) => m.WalletPage) },
      { path: 'profile', title: 'Profile · Lightweight', loadComponent: () => import('./profile/profile-page').then((m) => m.ProfilePage) },
      { path: '**', title: 'Not found · Lightweight', loadComponent: () => import('./shell/not-found').then((m) => m.NotFound) },
    ],
  },
];
