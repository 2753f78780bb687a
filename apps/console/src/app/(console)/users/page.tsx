import { UsersPage } from "~/features/users/users-page.tsx";

export default function Page() {
  return <UsersPage />;
}
