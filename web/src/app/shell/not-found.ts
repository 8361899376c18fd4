import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Not found</h1>
    <p>There is nothing at this address for your business. <a routerLink="/">Back to the dashboard</a></p>
  `,
})
export class NotFound {}
